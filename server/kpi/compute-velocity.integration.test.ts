import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/test/db";
import { computeMetrics, type MetricsResponse } from "./compute";
import type { MetricRequest } from "./request";
import type { MetricResult } from "./results";
import { createSalesOrg } from "./test-fixtures";

const metric = (response: MetricsResponse, id: string): MetricResult => response.metrics.find((m) => m.id === id)!;
const breakdownOf = (result: MetricResult) => Object.fromEntries(result.breakdown!.map((row) => [row.key, row.value]));

/**
 * A UTC org (EUR) asked on 20 May 2025 at 12:00. The 90 days ending now start on 19 February 12:00.
 * Closed in them, all qualified first: W1 won 10 April (1 000, Ann, 9 days after creation), W2 won 5 May (3 000,
 * Bob, 11 days), L1 lost 2 May. W0 won 1 February (outside the 90 days). Open and qualified now: O1 (5 000),
 * O2 (2 000, at proposal); O3 is only a lead.
 * avg_deal_size 2 000, win_rate 2 ÷ 3, time_to_win 10 days: velocity = 2 × 2 000 × 2/3 ÷ 10 = 266.67 per day.
 */
describe("computeMetrics: velocity, forecast and revenue growth", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let compute: (request: Omit<MetricRequest, "period"> & { period?: MetricRequest["period"] }) => Promise<MetricsResponse>;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const org = await createSalesOrg(testDb.db, { slug: "velocity", timeZone: "UTC", currency: "EUR" });
    const now = new Date("2025-05-20T12:00:00Z");
    compute = (request) => computeMetrics(testDb.db, org.orgId, { period: { period: "this_month" }, ...request }, now);
    const ann = await org.addRep("Ann");
    const bob = await org.addRep("Bob");
    Object.assign(ids, { ann, bob });
    const closed = (owner: number, createdAt: string, status: "won" | "lost", at: string, amount?: number) =>
      org.addDeal({
        createdAt, owner, amount, status, wonAt: status === "won" ? at : undefined, lostAt: status === "lost" ? at : undefined,
        path: [["lead", createdAt], ["qualified", createdAt], [status, at]],
      });
    await closed(ann, "2025-04-01T00:00:00Z", "won", "2025-04-10T00:00:00Z", 1_000); // W1
    await closed(bob, "2025-04-24T00:00:00Z", "won", "2025-05-05T00:00:00Z", 3_000); // W2
    await closed(ann, "2025-04-20T00:00:00Z", "lost", "2025-05-02T00:00:00Z"); // L1
    await closed(ann, "2025-01-01T00:00:00Z", "won", "2025-02-01T00:00:00Z", 100_000); // W0
    await org.addDeal({ createdAt: "2025-05-01T00:00:00Z", owner: ann, amount: 5_000, path: [["lead", "2025-05-01T00:00:00Z"], ["qualified", "2025-05-02T00:00:00Z"]] });
    await org.addDeal({ createdAt: "2025-05-01T00:00:00Z", owner: bob, amount: 2_000, path: [["lead", "2025-05-01T00:00:00Z"], ["proposal", "2025-05-03T00:00:00Z"]] });
    await org.addDeal({ createdAt: "2025-05-01T00:00:00Z", owner: bob, amount: 9_000, path: [["lead", "2025-05-01T00:00:00Z"]] });
  });
  afterAll(() => testDb.drop());

  it("computes money per day from the open qualified pipeline and the last 90 days' averages", async () => {
    const velocity = metric(await compute({ metrics: ["sales_velocity"] }), "sales_velocity");
    expect(velocity.value).toBeCloseTo((2 * 2_000 * (2 / 3)) / 10, 10);
    expect(velocity.parts).toMatchObject({ openQualifiedDeals: 2, avgDealSize: 2_000, daysToWin: 10 });
    expect(velocity.parts!.winRate).toBeCloseTo(2 / 3, 10);
  });

  it("forecasts the month: velocity × days left + revenue won so far; a finished month is what it won", async () => {
    const forecast = metric(await compute({ metrics: ["velocity_forecast"] }), "velocity_forecast");
    // 11.5 days from 20 May 12:00 to 1 June; 3 000 won in May.
    expect(forecast.value).toBeCloseTo(((2 * 2_000 * (2 / 3)) / 10) * 11.5 + 3_000, 6);
    const april = metric(await compute({ metrics: ["velocity_forecast"], period: { period: "last_month" } }), "velocity_forecast");
    expect(april.value).toBe(1_000);
  });

  it("grows revenue month over month, per rep and per month; growth from nothing has no value", async () => {
    const may = await compute({ metrics: ["revenue_growth"], breakdown: "rep" });
    // (3 000 − 1 000) ÷ 1 000. Ann: (0 − 1 000) ÷ 1 000; Bob had nothing in April.
    expect(metric(may, "revenue_growth")).toMatchObject({ value: 2, inputs: { numerator: 2_000, denominator: 1_000 } });
    expect(breakdownOf(metric(may, "revenue_growth"))).toEqual({ [ids.ann!]: -1, [ids.bob!]: null });
    const quarter = await compute({ metrics: ["revenue_growth"], period: { period: "this_quarter" }, breakdown: "month" });
    // April against March (nothing), May against April, June (nothing yet) against May.
    expect(breakdownOf(metric(quarter, "revenue_growth"))).toEqual({ "2025-04-01": null, "2025-05-01": 2, "2025-06-01": -1 });
  });
});

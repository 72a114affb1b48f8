import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customMetrics, customMetricValues } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { computeMetrics, type MetricsResponse } from "./compute";
import type { MetricRequest } from "./request";
import type { MetricResult } from "./results";
import { createSalesOrg } from "./test-fixtures";

const metric = (response: MetricsResponse, id: string): MetricResult => response.metrics.find((m) => m.id === id)!;
const breakdownOf = (result: MetricResult) => Object.fromEntries(result.breakdown!.map((row) => [row.key, row.value]));

/**
 * Custom metrics of a Moscow org, asked on 20 March 2025.
 * brand_mentions (count, sum, daily, per rep): Anna 5 on 3 March and 7 on 10 March, Boris 3 on 4 March and 100 on
 * 28 February. checklist (percent, average, weekly): Anna 80 (week of 3 March) and 90 (of 10 March), Boris 70.
 * price_index (ratio, last, monthly, org-wide, down is good): 1.1 January, 1.2 February, 1.05 March.
 * empty: defined, no values.
 */
describe("computeMetrics: custom metrics", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let compute: (request: Omit<MetricRequest, "period"> & { period?: MetricRequest["period"] }) => Promise<MetricsResponse>;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const { db } = testDb;
    const org = await createSalesOrg(db, { slug: "custom", timeZone: "Europe/Moscow", currency: "RUB" });
    const now = new Date("2025-03-20T12:00:00Z");
    compute = (request) => computeMetrics(db, org.orgId, { period: { period: "this_month" }, ...request }, now);
    const orgId = org.orgId;
    const east = await org.addTeam("East");
    const anna = await org.addRep("Anna", [[east, "2024-01-01"]]);
    const boris = await org.addRep("Boris");
    Object.assign(ids, { east, anna, boris });
    const [mentions, checklist, price] = await db
      .insert(customMetrics)
      .values([
        { orgId, key: "custom.brand_mentions", name: "Brand mentions", unit: "count", aggregation: "sum", granularity: "day" },
        { orgId, key: "custom.checklist", name: "Checklist score", unit: "percent", aggregation: "average", granularity: "week" },
        { orgId, key: "custom.price_index", name: "Price index", unit: "ratio", direction: "down", aggregation: "last", granularity: "month" },
        { orgId, key: "custom.empty", name: "Empty", unit: "count" },
      ])
      .returning({ id: customMetrics.id });
    const value = (metricId: number, repId: number | null, periodStart: string, v: number) => ({ orgId, metricId, repId, periodStart, value: v });
    await db.insert(customMetricValues).values([
      value(mentions!.id, anna, "2025-03-03", 5),
      value(mentions!.id, anna, "2025-03-10", 7),
      value(mentions!.id, boris, "2025-03-04", 3),
      value(mentions!.id, boris, "2025-02-28", 100),
      value(checklist!.id, anna, "2025-03-03", 80),
      value(checklist!.id, anna, "2025-03-10", 90),
      value(checklist!.id, boris, "2025-03-03", 70),
      value(price!.id, null, "2025-01-01", 1.1),
      value(price!.id, null, "2025-02-01", 1.2),
      value(price!.id, null, "2025-03-01", 1.05),
    ]);
    await org.addQuotas([
      { scope: "rep", repId: anna, periodStart: "2025-03-01", target: 10, metric: "custom.brand_mentions" },
      { scope: "rep", repId: boris, periodStart: "2025-03-01", target: 10, metric: "custom.brand_mentions" },
    ]);
  });
  afterAll(() => testDb.drop());

  it("sums, averages or takes the last value over the period, with the metric's own name, unit and direction", async () => {
    const response = await compute({ metrics: ["custom.brand_mentions", "custom.checklist", "custom.price_index"], comparison: "previous_period" });
    // 5 + 7 + 3 in March; Boris's 100 on 28 February is February's.
    expect(metric(response, "custom.brand_mentions")).toMatchObject({ name: "Brand mentions", unit: "count", value: 15, comparison: { value: 100 } });
    // (80 + 90 + 70) ÷ 3; February has no entries: no average.
    expect(metric(response, "custom.checklist")).toMatchObject({ unit: "percent", value: 80, comparison: { value: null } });
    expect(metric(response, "custom.price_index")).toMatchObject({ direction: "down_is_good", value: 1.05, comparison: { value: 1.2 } });
  });

  it("takes the latest value of a longer period and has no value for an empty one", async () => {
    const quarter = await compute({ metrics: ["custom.price_index", "custom.brand_mentions"], period: { period: "this_quarter" } });
    expect(metric(quarter, "custom.price_index").value).toBe(1.05);
    const april = await compute({ metrics: ["custom.price_index", "custom.brand_mentions"], period: { period: "custom", from: "2025-04-01", to: "2025-04-30" } });
    expect(metric(april, "custom.price_index")).toMatchObject({ value: null, flags: { noValue: true } });
    expect(metric(april, "custom.brand_mentions").value).toBe(0); // a sum of nothing
  });

  it("breaks down by rep, team and week, and filters by rep", async () => {
    const byRep = await compute({ metrics: ["custom.brand_mentions", "custom.checklist"], breakdown: "rep" });
    expect(breakdownOf(metric(byRep, "custom.brand_mentions"))).toEqual({ [ids.anna!]: 12, [ids.boris!]: 3 });
    expect(breakdownOf(metric(byRep, "custom.checklist"))).toEqual({ [ids.anna!]: 85, [ids.boris!]: 70 });
    const byTeam = await compute({ metrics: ["custom.brand_mentions"], breakdown: "team" });
    expect(breakdownOf(metric(byTeam, "custom.brand_mentions"))).toEqual({ [ids.east!]: 12, "": 3 });
    const byWeek = await compute({ metrics: ["custom.brand_mentions"], breakdown: "week" });
    expect(breakdownOf(metric(byWeek, "custom.brand_mentions"))).toEqual({
      "2025-02-24": 0, "2025-03-03": 8, "2025-03-10": 7, "2025-03-17": 0, "2025-03-24": 0, "2025-03-31": 0,
    });
    const boris = await compute({ metrics: ["custom.checklist"], filters: { repIds: [ids.boris!] } });
    expect(metric(boris, "custom.checklist").value).toBe(70);
  });

  it("measures a custom metric's plan like any metric's", async () => {
    const response = await compute({ metrics: ["plan_attainment", "plan_remaining"], planMetric: "custom.brand_mentions", breakdown: "rep" });
    const attainment = metric(response, "plan_attainment");
    // 15 ÷ (10 + 10); Anna 12 ÷ 10, Boris 3 ÷ 10.
    expect(attainment).toMatchObject({ planMetric: "custom.brand_mentions", value: 0.75 });
    expect(breakdownOf(attainment)).toEqual({ [ids.anna!]: 1.2, [ids.boris!]: 0.3 });
    expect(metric(response, "plan_remaining")).toMatchObject({ value: 5, unit: "count" });
  });

  it("says a custom metric without entered values needs data, and refuses an unknown key", async () => {
    const response = await compute({ metrics: ["custom.empty"] });
    expect(metric(response, "custom.empty")).toMatchObject({ value: null, flags: { needsData: ["custom_values"] } });
    await expect(compute({ metrics: ["custom.nope"] })).rejects.toMatchObject({ kind: "invalid", fieldErrors: { metrics: "kpi.errors.unknownCustomMetric" } });
  });
});

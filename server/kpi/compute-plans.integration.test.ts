import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/test/db";
import { computeMetrics, type MetricsResponse } from "./compute";
import type { MetricRequest } from "./request";
import type { MetricResult } from "./results";
import { createSalesOrg } from "./test-fixtures";

const metric = (response: MetricsResponse, id: string): MetricResult => response.metrics.find((m) => m.id === id)!;
const group = (result: MetricResult, key: number | string) => result.breakdown!.find((row) => row.key === String(key))!;

/**
 * A Moscow org (UTC+3 all year, RUB), asked on Thursday 20 March 2025 at 15:00 local time.
 * March 2025 has 21 weekdays; 10 March (a Monday) is a holiday, so 20 working days. Elapsed, today included:
 * 3–7 (5), 11–14 (4), 17–20 (4) = 13.
 *
 * Revenue targets for March (rep quotas; no team or org quota): Anna 300 000 and Boris 50 000 (East),
 * Gleb 10 000 (West), Vera 40 000 (no team on 1 March; she joins West on 15 March, so her target is not West's).
 * Org = East 350 000 + West 10 000 + Vera 40 000 = 400 000. Anna's Q1 quarter quota (999) is not a March target.
 * February: an org quota of 100 000. deals_won targets for March: Anna 2, Boris 2 (org 4).
 *
 * Won in March: Anna D1 60 000, D2 1 000 USD at the 15 March rate 95 (won 01:30 local on the 15th) = 95 000,
 * D8 5 000 (00:05 on 1 March) → 160 000; Boris D3 500 EUR (no rate: excluded) and D4 20 000 → 20 000;
 * Vera D5 30 000 (on the 17th, in West by then); Gleb D6 12 000. Total 222 000.
 * February: Anna D7 10 000 (23:55 on 28 February).
 */
describe("computeMetrics: plan vs. actual", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let compute: (request: Omit<MetricRequest, "period"> & { period?: MetricRequest["period"] }, now?: Date) => Promise<MetricsResponse>;
  const ids: Record<string, number> = {};
  const now = new Date("2025-03-20T12:00:00Z");

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const org = await createSalesOrg(testDb.db, { slug: "plans", timeZone: "Europe/Moscow", currency: "RUB" });
    compute = (request, at = now) => computeMetrics(testDb.db, org.orgId, { period: { period: "this_month" }, ...request }, at);
    const east = await org.addTeam("East");
    const west = await org.addTeam("West");
    const anna = await org.addRep("Anna", [[east, "2024-01-01"]]);
    const boris = await org.addRep("Boris", [[east, "2024-01-01"]]);
    const vera = await org.addRep("Vera", [[west, "2025-03-15"]]);
    const gleb = await org.addRep("Gleb", [[west, "2024-01-01"]]);
    Object.assign(ids, { east, west, anna, boris, vera, gleb });
    await org.addHolidays(["2025-03-10"]);

    const won = (owner: number, wonAt: string, amount: number, currency?: string) =>
      org.addDeal({ createdAt: "2025-02-01T09:00:00Z", owner, amount, currency, status: "won", wonAt, path: [["lead", "2025-02-01T09:00:00Z"], ["won", wonAt]] });
    await won(anna, "2025-03-05T09:00:00Z", 60_000); // D1
    await won(anna, "2025-03-14T22:30:00Z", 1_000, "USD"); // D2
    await won(boris, "2025-03-12T09:00:00Z", 500, "EUR"); // D3
    await won(boris, "2025-03-18T09:00:00Z", 20_000); // D4
    await won(vera, "2025-03-17T09:00:00Z", 30_000); // D5
    await won(gleb, "2025-03-06T09:00:00Z", 12_000); // D6
    await won(anna, "2025-02-28T20:55:00Z", 10_000); // D7
    await won(anna, "2025-02-28T21:05:00Z", 5_000); // D8
    await org.addRate("USD", "2025-03-01", 90);
    await org.addRate("USD", "2025-03-15", 95);

    // Open pipeline now. P1 and P5 are qualified and expected to close in March: 100 000 + 1 000 USD × 95.
    const open = (owner: number, amount: number, path: [string, string][], expectedCloseDate?: string, currency?: string) =>
      org.addDeal({ createdAt: "2025-03-01T09:00:00Z", owner, amount, currency, expectedCloseDate, path: path as never });
    await open(anna, 100_000, [["lead", "2025-03-01T09:00:00Z"], ["qualified", "2025-03-02T09:00:00Z"]], "2025-03-25"); // P1
    await open(boris, 50_000, [["lead", "2025-03-01T09:00:00Z"], ["qualified", "2025-03-02T09:00:00Z"]], "2025-04-10"); // P2: April
    await open(boris, 30_000, [["lead", "2025-03-01T09:00:00Z"], ["qualified", "2025-03-02T09:00:00Z"]]); // P3: no date
    await open(vera, 80_000, [["lead", "2025-03-01T09:00:00Z"]], "2025-03-28"); // P4: not qualified
    await open(anna, 1_000, [["lead", "2025-03-01T09:00:00Z"], ["proposal", "2025-03-04T09:00:00Z"]], "2025-03-30", "USD"); // P5
    // P6 reached proposal and was lost: not in the pipeline.
    await org.addDeal({
      createdAt: "2025-03-01T09:00:00Z", owner: boris, amount: 40_000, expectedCloseDate: "2025-03-20", status: "lost", lostAt: "2025-03-10T09:00:00Z",
      path: [["lead", "2025-03-01T09:00:00Z"], ["proposal", "2025-03-03T09:00:00Z"], ["lost", "2025-03-10T09:00:00Z"]],
    });

    await org.addQuotas([
      { scope: "rep", repId: anna, periodStart: "2025-03-01", target: 300_000 },
      { scope: "rep", repId: boris, periodStart: "2025-03-01", target: 50_000 },
      { scope: "rep", repId: vera, periodStart: "2025-03-01", target: 40_000 },
      { scope: "rep", repId: gleb, periodStart: "2025-03-01", target: 10_000 },
      { scope: "rep", repId: anna, periodKind: "quarter", periodStart: "2025-01-01", target: 999 },
      { scope: "org", periodStart: "2025-02-01", target: 100_000 },
      { scope: "rep", repId: anna, periodStart: "2025-03-01", target: 2, metric: "deals_won" },
      { scope: "rep", repId: boris, periodStart: "2025-03-01", target: 2, metric: "deals_won" },
    ]);
  });
  afterAll(() => testDb.drop());

  it("measures revenue against the summed rep targets, with February's org target beside it", async () => {
    const response = await compute({ metrics: ["plan_attainment", "plan_remaining"], comparison: "previous_period" });
    const attainment = metric(response, "plan_attainment");
    expect(attainment.planMetric).toBe("revenue_won");
    expect(attainment.value).toBeCloseTo(222_000 / 400_000, 10);
    expect(attainment.inputs).toEqual({ numerator: 222_000, denominator: 400_000 });
    expect(attainment.comparison!.value).toBeCloseTo(10_000 / 100_000, 10);
    // 400 000 − 222 000, in money.
    expect(metric(response, "plan_remaining")).toMatchObject({ value: 178_000, unit: "money", comparison: { value: 90_000 } });
  });

  it("projects the month from working days elapsed, holidays left out", async () => {
    const runRate = metric(await compute({ metrics: ["plan_run_rate"] }), "plan_run_rate");
    // 222 000 ÷ 13 × 20.
    expect(runRate.value).toBeCloseTo((222_000 / 13) * 20, 6);
    expect(runRate.plan).toEqual({ target: 400_000, actual: 222_000, workingDaysElapsed: 13, workingDaysInPeriod: 20 });
    // February is over: all of its 20 working days elapsed, so the run rate is the actual.
    const february = metric(await compute({ metrics: ["plan_run_rate"], period: { period: "last_month" } }), "plan_run_rate");
    expect(february.value).toBeCloseTo(10_000, 6);
  });

  it("has no run rate before the first working day, nor for a period that has not begun", async () => {
    // Sunday 2 March: 1 and 2 March are a weekend.
    const early = await compute({ metrics: ["plan_run_rate", "plan_attainment"] }, new Date("2025-03-02T12:00:00Z"));
    expect(metric(early, "plan_run_rate")).toMatchObject({ value: null, flags: { noValue: true } });
    const april = await compute({ metrics: ["plan_run_rate", "plan_attainment"], period: { period: "custom", from: "2025-04-01", to: "2025-04-30" } });
    expect(metric(april, "plan_run_rate").value).toBeNull();
    // April has no target at all: no attainment (never 0).
    expect(metric(april, "plan_attainment")).toMatchObject({ value: null, flags: { noValue: true, needsData: [] } });
  });

  it("splits attainment by rep and by team; a member who joined mid-month is not in the team's target", async () => {
    const byRep = metric(await compute({ metrics: ["plan_attainment"], breakdown: "rep" }), "plan_attainment");
    expect(group(byRep, ids.anna!).value).toBeCloseTo(160_000 / 300_000, 10);
    expect(group(byRep, ids.boris!).value).toBeCloseTo(0.4, 10); // 20 000 ÷ 50 000; D3 has no rate
    expect(group(byRep, ids.vera!).value).toBeCloseTo(0.75, 10);
    expect(group(byRep, ids.gleb!).value).toBeCloseTo(1.2, 10);

    const byTeam = metric(await compute({ metrics: ["plan_attainment"], breakdown: "team" }), "plan_attainment");
    // East: 180 000 ÷ 350 000. West: Gleb's 12 000 and Vera's 30 000 (won while in West) ÷ Gleb's 10 000.
    // No team: Vera's 40 000 target, nothing won while she had no team.
    expect(group(byTeam, ids.east!).value).toBeCloseTo(180_000 / 350_000, 10);
    expect(group(byTeam, ids.west!).inputs).toEqual({ numerator: 42_000, denominator: 10_000 });
    expect(group(byTeam, "").inputs).toEqual({ numerator: 0, denominator: 40_000 });
  });

  it("filters the target with the actual: a rep's own, a team's members'", async () => {
    const anna = metric(await compute({ metrics: ["plan_attainment"], filters: { repIds: [ids.anna!] } }), "plan_attainment");
    expect(anna.inputs).toEqual({ numerator: 160_000, denominator: 300_000 });
    const east = metric(await compute({ metrics: ["plan_attainment"], filters: { teamIds: [ids.east!] } }), "plan_attainment");
    expect(east.inputs).toEqual({ numerator: 180_000, denominator: 350_000 });
  });

  it("measures plans of other metrics: deals won against their own quotas", async () => {
    const response = await compute({ metrics: ["plan_attainment", "plan_remaining", "plan_run_rate"], planMetric: "deals_won", breakdown: "rep" });
    const attainment = metric(response, "plan_attainment");
    // Won in March: Anna 3 (D1, D2, D8), Boris 2 (D3 counts as won though its money is excluded), Vera 1, Gleb 1 = 7 ÷ 4.
    expect(attainment).toMatchObject({ planMetric: "deals_won", value: 1.75 });
    expect(group(attainment, ids.anna!).value).toBe(1.5);
    expect(group(attainment, ids.vera!).value).toBeNull(); // no deals_won target
    expect(metric(response, "plan_remaining")).toMatchObject({ value: 0, unit: "count" });
    expect(metric(response, "plan_run_rate").unit).toBe("count");
  });

  it("shares the reps at quota with the 60% / 90% bands", async () => {
    const response = await compute({ metrics: ["share_at_quota"], comparison: "previous_period" });
    // Only Gleb (120%) of Anna, Boris, Vera, Gleb: 1 ÷ 4, below 60%.
    expect(metric(response, "share_at_quota")).toMatchObject({ value: 0.25, inputs: { numerator: 1, denominator: 4 }, band: "targets_too_high" });
    // February has no rep targets: no value.
    expect(metric(response, "share_at_quota").comparison!.value).toBeNull();
    const deals = metric(await compute({ metrics: ["share_at_quota"], planMetric: "deals_won" }), "share_at_quota");
    // Anna 3 of 2 and Boris 2 of 2: both at quota, above 90%.
    expect(deals).toMatchObject({ value: 1, band: "targets_too_low" });
    const byTeam = metric(await compute({ metrics: ["share_at_quota"], breakdown: "team" }), "share_at_quota");
    expect(group(byTeam, ids.east!)).toMatchObject({ value: 0, inputs: { numerator: 0, denominator: 2 } });
    expect(group(byTeam, ids.west!)).toMatchObject({ value: 1, band: "targets_too_low" });
  });

  it("covers what is left of the plan with the open qualified pipeline expected to close in the period", async () => {
    const response = await compute({ metrics: ["pipeline_coverage"], comparison: "previous_period", breakdown: "rep" });
    const coverage = metric(response, "pipeline_coverage");
    // P1 100 000 + P5 1 000 USD × 95 (rate on or before now) = 195 000 ÷ (400 000 − 222 000). P3 has no date.
    expect(coverage.value).toBeCloseTo(195_000 / 178_000, 10);
    expect(coverage.inputs).toEqual({ numerator: 195_000, denominator: 178_000 });
    expect(coverage.excluded).toMatchObject({ noCloseDate: 1, noRate: 0 });
    expect(coverage.flags.allOpenDeals).toBeUndefined();
    // February, taken at its start: nothing open yet against the whole 100 000.
    expect(coverage.comparison).toMatchObject({ value: 0, inputs: { numerator: 0, denominator: 100_000 } });
    // Anna: 195 000 ÷ (300 000 − 160 000); Boris: nothing expected in March against 30 000 left.
    expect(group(coverage, ids.anna!).value).toBeCloseTo(195_000 / 140_000, 10);
    expect(group(coverage, ids.boris!)).toMatchObject({ value: 0, excluded: { noCloseDate: 1 } });
  });
});

describe("computeMetrics: plans without data", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  const now = new Date("2025-03-20T12:00:00Z");
  beforeAll(async () => {
    testDb = await createTestDatabase();
  });
  afterAll(() => testDb.drop());

  it("says a plan is needed when the org has no quotas at all", async () => {
    const org = await createSalesOrg(testDb.db, { slug: "noplan", timeZone: "UTC", currency: "EUR" });
    const response = await computeMetrics(testDb.db, org.orgId, { metrics: ["plan_attainment", "share_at_quota"], period: { period: "this_month" } }, now);
    expect(response.metrics.map((m) => [m.value, m.flags.needsData])).toEqual([[null, ["quotas"]], [null, ["quotas"]]]);
  });

  it("counts every open qualified deal when the CRM has no expected close dates, and says so", async () => {
    const org = await createSalesOrg(testDb.db, { slug: "amo", timeZone: "UTC", currency: "EUR" });
    const rep = await org.addRep("Ira");
    await org.addDeal({ createdAt: "2025-03-02T09:00:00Z", owner: rep, amount: 500, path: [["lead", "2025-03-02T09:00:00Z"], ["qualified", "2025-03-03T09:00:00Z"]] });
    await org.addQuotas([{ scope: "rep", repId: rep, periodStart: "2025-03-01", target: 1_000 }]);
    const response = await computeMetrics(testDb.db, org.orgId, { metrics: ["pipeline_coverage"], period: { period: "this_month" } }, now);
    // 500 ÷ (1 000 − 0).
    expect(metric(response, "pipeline_coverage")).toMatchObject({ value: 0.5, flags: { allOpenDeals: true } });
  });

  it("refuses a plan metric that cannot have a plan", async () => {
    const org = await createSalesOrg(testDb.db, { slug: "bad", timeZone: "UTC", currency: "EUR" });
    await expect(
      computeMetrics(testDb.db, org.orgId, { metrics: ["plan_attainment"], planMetric: "plan_remaining", period: { period: "this_month" } }, now),
    ).rejects.toMatchObject({ kind: "invalid", fieldErrors: { planMetric: "kpi.errors.unknownPlanMetric" } });
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/test/db";
import { computeMetrics, type MetricQuery, type MetricsResponse } from "./compute";
import type { MetricRequest } from "./request";
import type { MetricResult, StageRow } from "./results";
import { createSalesOrg } from "./test-fixtures";

const metric = (response: MetricsResponse, id: string): MetricResult => response.metrics.find((m) => m.id === id)!;
const stage = (result: MetricResult, name: string): StageRow => result.stages!.find((row) => row.name === name)!;

/**
 * A UTC org (EUR) asked on 20 May 2025 at 12:00 about May. Stages are in funnel order (lead 0 … fulfilled 7, lost 8).
 * S1 (May): lead 1 May → qualified 3rd → proposal 6th → back to qualified 7th → proposal 8th 12:00 → won 10th.
 * S2 (28 April): lead → proposal 2 May (skipping steps) → lost 12 May.
 * S3 (10 May, 1 000 EUR): still a lead. S4 (1 April, 200 USD, no USD rate): qualified 10 April, still there.
 * S5 (5 May, Bob's): lead → proposal 6th → lost 9th (lost after reaching proposal). S6 (5 May): lead → won 7th.
 */
describe("computeMetrics: per-stage metrics", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let compute: (request: Omit<MetricRequest, "period"> & { period?: MetricRequest["period"] } & Pick<MetricQuery, "medians">) => Promise<MetricsResponse>;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const org = await createSalesOrg(testDb.db, { slug: "stages", timeZone: "UTC", currency: "EUR" });
    const now = new Date("2025-05-20T12:00:00Z");
    compute = (request) => computeMetrics(testDb.db, org.orgId, { period: { period: "this_month" }, ...request }, now);
    const ann = await org.addRep("Ann");
    const bob = await org.addRep("Bob");
    Object.assign(ids, { ann, bob });
    await org.addDeal({
      createdAt: "2025-05-01T00:00:00Z", owner: ann, status: "won", wonAt: "2025-05-10T00:00:00Z", amount: 10,
      path: [
        ["lead", "2025-05-01T00:00:00Z"], ["qualified", "2025-05-03T00:00:00Z"], ["proposal", "2025-05-06T00:00:00Z"],
        ["qualified", "2025-05-07T00:00:00Z"], ["proposal", "2025-05-08T12:00:00Z"], ["won", "2025-05-10T00:00:00Z"],
      ],
    });
    await org.addDeal({
      createdAt: "2025-04-28T00:00:00Z", owner: ann, status: "lost",
      path: [["lead", "2025-04-28T00:00:00Z"], ["proposal", "2025-05-02T00:00:00Z"], ["lost", "2025-05-12T00:00:00Z"]],
    });
    await org.addDeal({ createdAt: "2025-05-10T00:00:00Z", owner: ann, amount: 1_000, path: [["lead", "2025-05-10T00:00:00Z"]] });
    await org.addDeal({
      createdAt: "2025-04-01T00:00:00Z", owner: ann, amount: 200, currency: "USD",
      path: [["lead", "2025-04-01T00:00:00Z"], ["qualified", "2025-04-10T00:00:00Z"]],
    });
    await org.addDeal({
      createdAt: "2025-05-05T00:00:00Z", owner: bob, status: "lost",
      path: [["lead", "2025-05-05T00:00:00Z"], ["proposal", "2025-05-06T00:00:00Z"], ["lost", "2025-05-09T00:00:00Z"]],
    });
    await org.addDeal({
      createdAt: "2025-05-05T00:00:00Z", owner: ann, status: "won", wonAt: "2025-05-07T00:00:00Z",
      path: [["lead", "2025-05-05T00:00:00Z"], ["won", "2025-05-07T00:00:00Z"]],
    });
  });
  afterAll(() => testDb.drop());

  it("measures days in each stage over deals that left it in the period, re-entries added up, and who is stuck so far", async () => {
    const duration = metric(await compute({ metrics: ["stage_duration"] }), "stage_duration");
    // Lead left in May: S1 2, S2 4, S5 1, S6 2 days. S3 is stuck in lead for 10.5 days so far.
    expect(stage(duration, "lead")).toMatchObject({ value: 2.25, median: 2, count: 4, stuck: { count: 1, mean: 10.5 } });
    // Qualified: S1 3 + 1.5 days. S4 has been qualified since 10 April: 40.5 days so far (it left lead in April).
    expect(stage(duration, "qualified")).toMatchObject({ value: 4.5, count: 1, stuck: { count: 1, mean: 40.5 } });
    // Proposal: S1 1 + 1.5, S2 10, S5 3.
    expect(stage(duration, "proposal").value).toBeCloseTo(15.5 / 3, 10);
    expect(stage(duration, "proposal").median).toBe(3);
    // Won deals are not "stuck" in won.
    expect(stage(duration, "won")).toMatchObject({ value: null, count: 0, stuck: { count: 0 } });
    // All 8 stays: 29 days; median of 1, 2, 2, 2.5, 3, 4, 4.5, 10.
    expect(duration.value).toBeCloseTo(29 / 8, 10);
    expect(duration.median).toBe(2.75);
  });

  it("leaves out the median of the stays under way where a dashboard asks for what it shows, and keeps the others", async () => {
    const [all, headline] = await Promise.all(
      [undefined, "headline" as const].map(async (medians) => metric(await compute({ metrics: ["stage_duration"], medians }), "stage_duration")),
    );
    expect(stage(all!, "lead")).toMatchObject({ median: 2, stuck: { count: 1, mean: 10.5, median: 10.5 } });
    expect(stage(headline!, "lead")).toMatchObject({ value: 2.25, median: 2, count: 4, stuck: { count: 1, mean: 10.5, median: null } });
    expect(headline!.median).toBe(2.75);
  });

  it("filters stage durations by the deal's owner: Bob's S5 only (lead 1 day, proposal 3 days, nobody stuck)", async () => {
    const duration = metric(await compute({ metrics: ["stage_duration"], filters: { repIds: [ids.bob!] } }), "stage_duration");
    expect(stage(duration, "lead")).toMatchObject({ value: 1, count: 1, stuck: { count: 0 } });
    expect(stage(duration, "proposal")).toMatchObject({ value: 3, count: 1, stuck: { count: 0 } });
    expect(stage(duration, "qualified")).toMatchObject({ value: null, count: 0, stuck: { count: 0 } });
    expect(duration.value).toBe(2);
  });

  it("has no duration in an empty period", async () => {
    const duration = metric(await compute({ metrics: ["stage_duration"], period: { period: "custom", from: "2025-03-01", to: "2025-03-31" } }), "stage_duration");
    expect(duration).toMatchObject({ value: null, flags: { noValue: true } });
    expect(duration.stages!.every((row) => row.value === null && row.count === 0)).toBe(true);
  });

  it("converts stage to stage over the period's cohort: skips do not inflate it, moving to lost is not progress", async () => {
    const conversion = metric(await compute({ metrics: ["conv_stage_to_stage"] }), "conv_stage_to_stage");
    // Cohort: S1, S3, S5, S6. Lead: S1, S5, S6 moved on of 4.
    expect(stage(conversion, "lead")).toMatchObject({ value: 0.75, inputs: { numerator: 3, denominator: 4 } });
    expect(stage(conversion, "qualified").value).toBe(1); // S1
    expect(stage(conversion, "proposal").inputs).toEqual({ numerator: 1, denominator: 2 }); // S1 won; S5 lost
    expect(stage(conversion, "won").inputs).toEqual({ numerator: 0, denominator: 2 }); // S1, S6; none fulfilled
    expect(stage(conversion, "meeting_scheduled").value).toBeNull(); // nobody entered it (S6 skipped it)
    expect(conversion.flags.noValue).toBe(false);
    const bob = metric(await compute({ metrics: ["conv_stage_to_stage"], filters: { repIds: [ids.bob!] } }), "conv_stage_to_stage");
    expect(stage(bob, "lead").inputs).toEqual({ numerator: 1, denominator: 1 });
    expect(stage(bob, "proposal").inputs).toEqual({ numerator: 0, denominator: 1 });
    // Ann's cohort (S1, S3, S6) is 3 of the 4 new deals: counted as the whole cohort less the deal left out (S5).
    const ann = metric(await compute({ metrics: ["conv_stage_to_stage"], filters: { repIds: [ids.ann!] } }), "conv_stage_to_stage");
    expect(stage(ann, "lead").inputs).toEqual({ numerator: 2, denominator: 3 });
    expect(stage(ann, "qualified").inputs).toEqual({ numerator: 1, denominator: 1 });
    expect(stage(ann, "proposal").inputs).toEqual({ numerator: 1, denominator: 1 });
    expect(stage(ann, "won").inputs).toEqual({ numerator: 0, denominator: 2 });
    expect(stage(ann, "meeting_scheduled").value).toBeNull();
  });

  it("counts open deals per stage at the snapshot with their value; a deal without a rate is left out of the value", async () => {
    const byStage = metric(await compute({ metrics: ["deals_by_stage"] }), "deals_by_stage");
    expect(byStage).toMatchObject({ value: 2, excluded: { noRate: 1, withoutAmount: 0 } });
    expect(stage(byStage, "lead")).toMatchObject({ value: 1, amount: 1_000 });
    expect(stage(byStage, "qualified")).toMatchObject({ value: 1, amount: 0 });
    expect(stage(byStage, "proposal")).toMatchObject({ value: 0, amount: 0 });
  });
});

/**
 * A deal handed over: per-stage figures filtered by rep credit the owner at each moment (UTC, April 2025 asked on
 * 20 May). H: created 2 April by Bob, lead → proposal 5 April, still in proposal; handed to Ann on 15 May.
 * Bob's April: lead left after 3 days; at April's end H is his, in proposal; his April cohort's lead moved on (1 of 1).
 * Ann's April: nothing. Bob was in North until 5 April, then in South (Ann's team).
 */
describe("computeMetrics: per-stage metrics of a deal handed over", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  afterAll(() => testDb.drop());

  it("credits stage durations, open deals by stage and stage conversions to the owner then", async () => {
    testDb = await createTestDatabase();
    const org = await createSalesOrg(testDb.db, { slug: "handed-over", timeZone: "UTC", currency: "EUR" });
    const north = await org.addTeam("North");
    const south = await org.addTeam("South");
    const ann = await org.addRep("Ann", [[south, "2025-01-01"]]);
    const bob = await org.addRep("Bob", [[north, "2025-01-01", "2025-04-05"], [south, "2025-04-05"]]);
    await org.addDeal({
      createdAt: "2025-04-02T00:00:00Z", owner: ann, amount: 50,
      path: [["lead", "2025-04-02T00:00:00Z"], ["proposal", "2025-04-05T00:00:00Z"]],
      ownerChanges: [[bob, ann, "2025-05-15T00:00:00Z"]],
    });
    const month = (from: string, to: string) => (id: number, by: "repIds" | "teamIds" = "repIds") =>
      computeMetrics(
        testDb.db,
        org.orgId,
        { metrics: ["stage_duration", "deals_by_stage", "conv_stage_to_stage"], period: { period: "custom", from, to }, filters: { [by]: [id] } },
        new Date("2025-05-20T12:00:00Z"),
      );
    const april = month("2025-04-01", "2025-04-30");
    const bobs = await april(bob);
    expect(stage(metric(bobs, "stage_duration"), "lead")).toMatchObject({ value: 3, count: 1 });
    expect(stage(metric(bobs, "deals_by_stage"), "proposal")).toMatchObject({ value: 1, amount: 50 });
    expect(stage(metric(bobs, "conv_stage_to_stage"), "lead").inputs).toEqual({ numerator: 1, denominator: 1 });
    const anns = await april(ann);
    expect(stage(metric(anns, "stage_duration"), "lead")).toMatchObject({ value: null, count: 0 });
    expect(metric(anns, "deals_by_stage").value).toBe(0);
    expect(stage(metric(anns, "conv_stage_to_stage"), "lead").inputs).toEqual({ numerator: 0, denominator: 0 });

    // Bob moved from North to South on 5 April, the day the deal left lead (at midnight): the deal was North's when created (2 April), South's when it left
    // lead (5 April) and at April's end.
    const norths = await april(north, "teamIds");
    expect(stage(metric(norths, "stage_duration"), "lead")).toMatchObject({ value: null, count: 0 });
    expect(metric(norths, "deals_by_stage").value).toBe(0);
    expect(stage(metric(norths, "conv_stage_to_stage"), "lead").inputs).toEqual({ numerator: 1, denominator: 1 });
    const souths = await april(south, "teamIds");
    expect(stage(metric(souths, "stage_duration"), "lead")).toMatchObject({ value: 3, count: 1 });
    expect(stage(metric(souths, "deals_by_stage"), "proposal")).toMatchObject({ value: 1, amount: 50 });
    expect(stage(metric(souths, "conv_stage_to_stage"), "lead").inputs).toEqual({ numerator: 0, denominator: 0 });

    // June has not begun: its snapshot is now (20 May, 12:00), when H is Ann's (South), in proposal for 45.5 days.
    const southsJune = await month("2025-06-01", "2025-06-30")(south, "teamIds");
    expect(stage(metric(southsJune, "deals_by_stage"), "proposal")).toMatchObject({ value: 1, amount: 50 });
    expect(stage(metric(southsJune, "stage_duration"), "proposal")).toMatchObject({ stuck: { count: 1, mean: 45.5 } });
  });
});

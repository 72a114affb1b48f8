import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeMetrics } from "@/server/kpi/compute";
import type { Breakdown, MetricFilters } from "@/server/kpi/request";
import { createSalesOrg } from "@/server/kpi/test-fixtures";
import { createTestDatabase } from "@/test/db";
import { DRILLDOWN_PAGE_SIZE, listDrilldown, type DrilldownRecord } from "./records";

/** A Kyiv org (EET/EEST) asked on 15 April 2026 about March 2026. */
const now = new Date("2026-04-15T12:00:00Z");
const period = { period: "custom" as const, from: "2026-03-01", to: "2026-03-31" };

describe("drill-down lists the records the engine counted", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let orgId: string;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const org = await createSalesOrg(testDb.db, { slug: "kyiv", timeZone: "Europe/Kyiv", currency: "UAH" });
    orgId = org.orgId;
    const north = await org.addTeam("North");
    const anna = await org.addRep("Anna", [[north, "2025-01-01"]]);
    const boris = await org.addRep("Boris", [[north, "2025-01-01"]]);
    const vera = await org.addRep("Vera");
    const web = await org.addChannel("Web");
    Object.assign(ids, { north, anna, boris, vera, web });

    // Won in March through every step, by Anna.
    const annasWon = await org.addDeal({
      createdAt: "2026-03-02T09:00:00Z", owner: anna, channel: web, amount: 1000,
      path: [["lead", "2026-03-02T09:00:00Z"], ["qualified", "2026-03-05T09:00:00Z"], ["meeting_scheduled", "2026-03-06T09:00:00Z"],
        ["meeting_held", "2026-03-10T09:00:00Z"], ["won", "2026-03-20T09:00:00Z"]],
      status: "won", wonAt: "2026-03-20T09:00:00Z",
    });
    // Created in February, qualified and lost in March, by Boris.
    await org.addDeal({
      createdAt: "2026-02-20T09:00:00Z", owner: boris,
      path: [["lead", "2026-02-20T09:00:00Z"], ["qualified", "2026-03-03T09:00:00Z"], ["lost", "2026-03-15T09:00:00Z"]],
      status: "lost",
    });
    // Won, then lost: lost, never won.
    await org.addDeal({
      createdAt: "2026-03-03T09:00:00Z", owner: anna, amount: 700,
      path: [["lead", "2026-03-03T09:00:00Z"], ["won", "2026-03-12T09:00:00Z"], ["lost", "2026-03-18T09:00:00Z"]],
      status: "lost", wonAt: "2026-03-12T09:00:00Z",
    });
    // Open since March, Vera (no team).
    await org.addDeal({ createdAt: "2026-03-04T09:00:00Z", owner: vera, amount: 500, path: [["lead", "2026-03-04T09:00:00Z"]] });
    // Moved from Anna to Boris before it was won: credited to Boris.
    await org.addDeal({
      createdAt: "2026-03-05T09:00:00Z", owner: boris, amount: 2000,
      path: [["lead", "2026-03-05T09:00:00Z"], ["qualified", "2026-03-07T09:00:00Z"], ["won", "2026-03-25T09:00:00Z"]],
      status: "won", wonAt: "2026-03-25T09:00:00Z", ownerChanges: [[anna, boris, "2026-03-22T09:00:00Z"]],
    });
    // Won without stage history (the CRM's close time): reached qualified by then too.
    await org.addDeal({ createdAt: "2026-03-08T09:00:00Z", owner: anna, amount: 300, path: [], status: "won", wonAt: "2026-03-12T09:00:00Z" });
    // In euros with no rate: counted, left out of revenue.
    await org.addDeal({ createdAt: "2026-03-09T09:00:00Z", owner: anna, amount: 90, currency: "EUR", path: [], status: "won", wonAt: "2026-03-13T09:00:00Z" });
    // Open since January; created at 00:30 Kyiv on 1 April (still 31 March in UTC): outside March.
    await org.addDeal({ createdAt: "2026-01-10T09:00:00Z", owner: anna, amount: 400, path: [["lead", "2026-01-10T09:00:00Z"], ["qualified", "2026-01-15T09:00:00Z"]] });
    await org.addDeal({ createdAt: "2026-03-31T21:30:00Z", owner: anna, path: [["lead", "2026-03-31T21:30:00Z"]] });
    // Activities in March (Kyiv). Counted: Anna's two outbound calls (one on no deal), Boris's e-mail, two held
    // meetings on Anna's won deal (the second a follow-up) and a demo by Vera. Not counted: an inbound call, a
    // meeting marked not held, a call completed at 00:10 Kyiv on 1 April (31 March 21:10 UTC), a call planned but not done.
    const call = { type: "call" as const, direction: "outbound" as const };
    await org.addActivity({ ...call, repId: anna, dealId: annasWon, subject: "Intro call", createdAt: "2026-03-02T10:00:00Z", completedAt: "2026-03-02T10:00:00Z" });
    await org.addActivity({ ...call, repId: anna, subject: "Cold call", createdAt: "2026-03-04T10:00:00Z", completedAt: "2026-03-04T10:00:00Z" });
    await org.addActivity({ type: "call", direction: "inbound", repId: anna, dealId: annasWon, createdAt: "2026-03-05T10:00:00Z", completedAt: "2026-03-05T10:00:00Z" });
    await org.addActivity({ ...call, repId: anna, dealId: annasWon, createdAt: "2026-03-31T21:10:00Z", completedAt: "2026-03-31T21:10:00Z" });
    await org.addActivity({ ...call, repId: boris, dealId: annasWon, createdAt: "2026-03-06T10:00:00Z", scheduledAt: "2026-03-07T10:00:00Z" });
    await org.addActivity({ type: "email", direction: "outbound", repId: boris, dealId: annasWon, subject: "Offer", createdAt: "2026-03-06T10:00:00Z", completedAt: "2026-03-06T10:00:00Z" });
    const meeting = { type: "meeting" as const, repId: anna, dealId: annasWon };
    await org.addActivity({ ...meeting, meetingHeld: true, createdAt: "2026-03-06T09:00:00Z", scheduledAt: "2026-03-10T09:00:00Z", completedAt: "2026-03-10T10:00:00Z" });
    await org.addActivity({ ...meeting, meetingHeld: true, createdAt: "2026-03-11T09:00:00Z", scheduledAt: "2026-03-16T09:00:00Z", completedAt: "2026-03-16T10:00:00Z" });
    await org.addActivity({ ...meeting, meetingHeld: false, createdAt: "2026-03-11T09:00:00Z", scheduledAt: "2026-03-17T09:00:00Z", completedAt: "2026-03-17T10:00:00Z" });
    await org.addActivity({ type: "demo", repId: vera, meetingHeld: true, subject: "Showroom demo", createdAt: "2026-03-12T09:00:00Z", completedAt: "2026-03-18T10:00:00Z" });
    // Many leads for paging.
    for (let i = 0; i < DRILLDOWN_PAGE_SIZE + 3; i++) {
      await org.addDeal({ createdAt: `2026-03-${String(10 + (i % 15)).padStart(2, "0")}T08:00:00Z`, owner: vera, path: [["lead", `2026-03-${String(10 + (i % 15)).padStart(2, "0")}T08:00:00Z`]] });
    }
  });
  afterAll(() => testDb.drop());

  const allRecords = async (metric: string, filters?: MetricFilters, group?: { breakdown: Breakdown; key: string }) => {
    const records: DrilldownRecord[] = [];
    for (let page = 0; ; page++) {
      const result = await listDrilldown(testDb.db, orgId, { metric, period, filters, group, page }, now);
      if (!result.available) throw new Error(`${metric} has no drill-down`);
      records.push(...result.records);
      if (records.length >= result.total) return { records, total: result.total };
    }
  };
  const engine = async (metric: string, filters?: MetricFilters, breakdown?: Breakdown) =>
    (await computeMetrics(testDb.db, orgId, { metrics: [metric], period, filters, breakdown }, now)).metrics[0]!;

  const counted = ["leads_created", "leads_qualified", "meetings_scheduled", "meetings_held", "deals_won", "deals_lost", "deals_open"];
  const filterCases: [string, MetricFilters | undefined][] = [
    ["no filter", undefined],
    ["Anna", { repIds: [0] }],
    ["Boris", { repIds: [1] }],
    ["team North", { teamIds: [2] }],
  ];
  const resolve = (filters: MetricFilters | undefined): MetricFilters | undefined => {
    if (!filters) return undefined;
    const map = [ids.anna!, ids.boris!, ids.north!];
    return { repIds: filters.repIds?.map((i) => map[i]!), teamIds: filters.teamIds?.map((i) => map[i]!) };
  };

  for (const [name, raw] of filterCases) {
    it(`counts as many deals as the engine for every covered count metric (${name})`, async () => {
      const filters = resolve(raw);
      for (const metric of counted) {
        const { records, total } = await allRecords(metric, filters);
        const value = (await engine(metric, filters)).value;
        expect({ metric, total }).toEqual({ metric, total: value });
        expect(new Set(records.map((r) => r.dealId)).size).toBe(total);
      }
    });
  }

  it("has hand-checked numbers for March", async () => {
    expect((await allRecords("leads_created")).total).toBe(6 + DRILLDOWN_PAGE_SIZE + 3);
    expect((await allRecords("deals_won")).total).toBe(4);
    expect((await allRecords("deals_lost")).total).toBe(2);
    expect((await allRecords("deals_won", resolve({ repIds: [1] }))).records.map((r) => r.amountOrg)).toEqual([2000]);
  });

  it("sums revenue won and pipeline value from the listed deals as the engine does", async () => {
    for (const metric of ["revenue_won", "pipeline_value"]) {
      const { records } = await allRecords(metric);
      const result = await engine(metric);
      expect(records.reduce((sum, r) => sum + (r.amountOrg ?? 0), 0)).toBeCloseTo(result.value!, 2);
      expect(records.filter((r) => r.noRate).length).toBe(result.excluded?.noRate ?? 0);
    }
    expect((await allRecords("revenue_won")).records.find((r) => r.currency === "EUR")).toMatchObject({ amountOrg: null, noRate: true });
  });

  it("lists one breakdown group with the engine's count for that group", async () => {
    for (const metric of ["deals_won", "leads_created", "deals_open"]) {
      const byRep = (await engine(metric, undefined, "rep")).breakdown!;
      for (const row of byRep) {
        expect((await allRecords(metric, undefined, { breakdown: "rep", key: row.key })).total).toBe(row.value);
      }
    }
  });

  it("lists the activities an activity metric counted, as many as the engine, with their deals", async () => {
    const activityMetrics = ["calls_made", "meetings_count", "demos_count", "emails_sent", "follow_up_meetings"];
    for (const [name, raw] of filterCases) {
      const filters = resolve(raw);
      for (const metric of activityMetrics) {
        const { records, total } = await allRecords(metric, filters);
        expect({ metric, name, total }).toEqual({ metric, name, total: (await engine(metric, filters)).value });
        expect(new Set(records.map((r) => r.activity!.id)).size).toBe(total);
      }
    }
    // Hand-checked: see the activities above.
    const calls = await allRecords("calls_made");
    expect(calls.records.map((r) => [r.activity!.subject, r.dealId === null, r.rep])).toEqual([
      ["Cold call", true, "Anna"],
      ["Intro call", false, "Anna"],
    ]);
    expect((await allRecords("emails_sent")).records.map((r) => [r.activity!.subject, r.rep])).toEqual([["Offer", "Boris"]]);
    expect((await allRecords("meetings_count")).total).toBe(2);
    expect((await allRecords("follow_up_meetings")).records.map((r) => r.at.toISOString())).toEqual(["2026-03-16T10:00:00.000Z"]);
    expect((await allRecords("demos_count")).records.map((r) => [r.activity!.type, r.rep])).toEqual([["demo", "Vera"]]);
  });

  it("lists booked and attended meetings when the org counts meetings from activities", async () => {
    await testDb.sql`update organizations set meeting_counting = 'activity' where id = ${orgId}`;
    try {
      for (const metric of ["meetings_scheduled", "meetings_held"]) {
        const { records, total } = await allRecords(metric);
        expect({ metric, total }).toEqual({ metric, total: (await engine(metric)).value });
        expect(records.every((r) => r.activity !== null)).toBe(true);
      }
      // Booked in March: the three meetings and the demo (a key meeting too); attended: the two held meetings and the demo.
      expect((await allRecords("meetings_scheduled")).total).toBe(4);
      expect((await allRecords("meetings_held")).total).toBe(3);
    } finally {
      await testDb.sql`update organizations set meeting_counting = 'stage' where id = ${orgId}`;
    }
  });

  it("pages newest first and answers unavailable for a metric without a record list", async () => {
    const first = await listDrilldown(testDb.db, orgId, { metric: "leads_created", period, page: 0 }, now);
    if (!first.available) throw new Error("unavailable");
    expect(first.records).toHaveLength(DRILLDOWN_PAGE_SIZE);
    const times = first.records.map((r) => r.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(await listDrilldown(testDb.db, orgId, { metric: "win_rate", period, page: 0 }, now)).toEqual({ available: false });
  });
});

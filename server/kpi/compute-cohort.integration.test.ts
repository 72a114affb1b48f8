import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/test/db";
import { computeMetrics, type MetricsResponse } from "./compute";
import type { MetricRequest } from "./request";
import { createSalesOrg } from "./test-fixtures";

/**
 * A Kyiv org (UTC+2 in winter, UTC+3 from the last Sunday of March to the last Sunday of October) with a
 * 30-day conversion window, asked on 1 December 2025.
 * March 2025 = [2025-02-28T22:00Z, 2025-03-31T21:00Z) (clocks went forward on 30 March);
 * April = [2025-03-31T21:00Z, 2025-04-30T21:00Z); October = [2025-09-30T21:00Z, 2025-10-31T22:00Z) (back on 26 October);
 * November = [2025-10-31T22:00Z, 2025-11-30T22:00Z).
 */
const now = new Date("2025-12-01T12:00:00Z");
const conversions = [
  "conv_lead_qualified",
  "conv_lead_opportunity",
  "conv_lead_meeting",
  "conv_show_up",
  "conv_lead_won",
  "conv_meeting_won",
  "conv_won_fulfilled",
  "conv_sql_customer",
];

describe("computeMetrics: cohort conversions and daylight saving time", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let compute: (request: MetricRequest) => Promise<MetricsResponse>;
  const values = (response: MetricsResponse) => Object.fromEntries(response.metrics.map((m) => [m.id, m.value]));
  const month = (from: string, to: string) => ({ period: "custom" as const, from, to });
  let rep = 0;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const org = await createSalesOrg(testDb.db, { slug: "kyiv", timeZone: "Europe/Kyiv", currency: "UAH", conversionWindowDays: 30 });
    compute = (request) => computeMetrics(testDb.db, org.orgId, request, now);
    rep = await org.addRep("Olena");
    // K1 at 23:55 on 31 March Kyiv time (UTC+3 by then): March's cohort; it goes all the way within 20 days.
    await org.addDeal({
      createdAt: "2025-03-31T20:55:00Z", owner: rep,
      path: [
        ["lead", "2025-03-31T20:55:00Z"], ["qualified", "2025-04-02T09:00:00Z"], ["meeting_scheduled", "2025-04-03T09:00:00Z"],
        ["meeting_held", "2025-04-05T09:00:00Z"], ["won", "2025-04-10T09:00:00Z"], ["fulfilled", "2025-04-20T09:00:00Z"],
      ],
      status: "won", wonAt: "2025-04-10T09:00:00Z",
    });
    // K2 at 00:05 on 1 April Kyiv time: April's cohort, a lead and nothing more.
    await org.addDeal({ createdAt: "2025-03-31T21:05:00Z", owner: rep, path: [["lead", "2025-03-31T21:05:00Z"]] });
    // K5: qualified, meeting scheduled, no show, lost.
    await org.addDeal({
      createdAt: "2025-03-05T10:00:00Z", owner: rep,
      path: [["lead", "2025-03-05T10:00:00Z"], ["qualified", "2025-03-06T10:00:00Z"], ["meeting_scheduled", "2025-03-07T10:00:00Z"], ["lost", "2025-03-20T10:00:00Z"]],
      status: "lost",
    });
    // K6 skips qualified (reached with the meeting) and is won 45 days after creation: outside the 30-day window.
    await org.addDeal({
      createdAt: "2025-03-06T10:00:00Z", owner: rep,
      path: [["lead", "2025-03-06T10:00:00Z"], ["meeting_scheduled", "2025-03-08T10:00:00Z"], ["meeting_held", "2025-03-09T10:00:00Z"], ["won", "2025-04-20T10:00:00Z"]],
      status: "won", wonAt: "2025-04-20T10:00:00Z",
    });
    // K7: a lead that stays open.
    await org.addDeal({ createdAt: "2025-03-07T10:00:00Z", owner: rep, path: [["lead", "2025-03-07T10:00:00Z"]] });
    // K8 is won, then lost: it passed qualified and the meeting steps on the way, but is not won.
    await org.addDeal({
      createdAt: "2025-03-08T10:00:00Z", owner: rep,
      path: [["lead", "2025-03-08T10:00:00Z"], ["qualified", "2025-03-09T10:00:00Z"], ["won", "2025-03-12T10:00:00Z"], ["lost", "2025-03-14T10:00:00Z"]],
      status: "lost", wonAt: "2025-03-12T10:00:00Z",
    });
    // K3 at 23:55 on 31 October Kyiv time (UTC+2 again, so 21:55Z; at UTC+3 it would be 1 November): October.
    await org.addDeal({ createdAt: "2025-10-31T21:55:00Z", owner: rep, path: [["lead", "2025-10-31T21:55:00Z"]] });
    // K4 at 00:05 on 1 November Kyiv time: November; qualified the same day.
    await org.addDeal({
      createdAt: "2025-10-31T22:05:00Z", owner: rep,
      path: [["lead", "2025-10-31T22:05:00Z"], ["qualified", "2025-11-01T08:00:00Z"]],
    });
  });
  afterAll(() => testDb.drop());

  it("measures March's cohort within the org's 30-day window", async () => {
    const response = await compute({ metrics: conversions, period: month("2025-03-01", "2025-03-31") });
    // Cohort K1 K5 K6 K7 K8 = 5. Qualified: K1 K5 K6 (skipped, via the meeting) K8 = 4. Meeting scheduled: the same 4.
    // Meeting held: K1 K6 K8 (via its undone win) = 3. Won within 30 days: K1 only (K6 after 45 days; K8 lost). Fulfilled: K1.
    expect(values(response)).toEqual({
      conv_lead_qualified: 0.8,
      conv_lead_opportunity: 0.8,
      conv_lead_meeting: 0.8,
      conv_show_up: 0.75,
      conv_lead_won: 0.2,
      conv_meeting_won: 1 / 3,
      conv_won_fulfilled: 1,
      conv_sql_customer: 0.25,
    });
    const showUp = response.metrics.find((m) => m.id === "conv_show_up")!;
    expect(showUp.inputs).toEqual({ numerator: 3, denominator: 4 });
    // The window closed on 30 April.
    expect(showUp.flags).toEqual({ noValue: false, needsData: [], maturing: false });
  });

  it("puts the deal created five minutes after midnight on 1 April (summer time) into April, with no value for empty steps", async () => {
    const response = await compute({ metrics: ["leads_created", "conv_lead_qualified", "conv_show_up"], period: month("2025-04-01", "2025-04-30"), comparison: "previous_period" });
    expect(response.comparisonPeriod).toEqual({ from: "2025-03-02", to: "2025-04-01" });
    const [leads, qualified, showUp] = response.metrics;
    expect(leads).toMatchObject({ value: 1 });
    // K2: 0 of 1 qualified; no meeting scheduled, so the show-up rate has no value.
    expect(qualified).toMatchObject({ value: 0, inputs: { numerator: 0, denominator: 1 } });
    expect(showUp).toMatchObject({ value: null, inputs: { numerator: 0, denominator: 0 }, flags: { noValue: true } });
    // The 30 days before April (2–31 March) hold K5 K6 K7 K8 and K1: 4 of 5 qualified.
    expect(qualified!.comparison).toMatchObject({ value: 0.8, delta: { absolute: -0.8 } });
  });

  it("splits October and November at midnight after the clocks go back", async () => {
    const october = await compute({ metrics: ["leads_created"], period: month("2025-10-01", "2025-10-31") });
    const november = await compute({ metrics: ["leads_created", "leads_qualified", "conv_lead_qualified"], period: month("2025-11-01", "2025-11-30") });
    expect(values(october)).toEqual({ leads_created: 1 });
    expect(values(november)).toEqual({ leads_created: 1, leads_qualified: 1, conv_lead_qualified: 1 });
    // November's window closes 30 days after its end, after `now`.
    expect(november.metrics[2]!.flags.maturing).toBe(true);
  });

  it("breaks a cohort down by rep and by week (Monday weeks)", async () => {
    const byRep = await compute({ metrics: ["conv_lead_qualified"], period: month("2025-03-01", "2025-03-31"), breakdown: "rep" });
    expect(byRep.metrics[0]!.breakdown).toEqual([{ key: String(rep), value: 0.8, inputs: { numerator: 4, denominator: 5 } }]);
    const byWeek = await compute({ metrics: ["conv_lead_qualified"], period: month("2025-03-03", "2025-03-16"), breakdown: "week" });
    // Week of Monday 3 March: K5 K6 K7 and K8 (Saturday the 8th), 3 of 4 qualified; week of 10 March: nothing.
    expect(byWeek.metrics[0]!.breakdown).toEqual([
      { key: "2025-03-03", value: 0.75, inputs: { numerator: 3, denominator: 4 } },
      { key: "2025-03-10", value: null, inputs: { numerator: 0, denominator: 0 } },
    ]);
  });
});

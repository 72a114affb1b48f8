import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/test/db";
import { computeMetrics, type MetricQuery, type MetricsResponse } from "./compute";
import type { MetricRequest } from "./request";
import { createSalesOrg } from "./test-fixtures";

/** Asked on 20 May 2025 about May 2025, in UTC: [2025-05-01T00:00Z, 2025-06-01T00:00Z). */
const now = new Date("2025-05-20T12:00:00Z");
const may = { period: "this_month" } as const;

describe("computeMetrics: activities, meeting counting and missing data", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let compute: (orgId: string, request: Omit<MetricRequest, "period"> & Pick<MetricQuery, "medians">) => Promise<MetricsResponse>;
  const values = (response: MetricsResponse) => Object.fromEntries(response.metrics.map((m) => [m.id, m.value]));
  const org: Record<"busy" | "bare", string> = { busy: "", bare: "" };
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    testDb = await createTestDatabase();
    compute = (orgId, request) => computeMetrics(testDb.db, orgId, { period: may, ...request }, now);
    // The busy org counts meetings from activities.
    const busy = await createSalesOrg(testDb.db, { slug: "busy", timeZone: "UTC", currency: "EUR", meetingCounting: "activity" });
    const ivan = await busy.addRep("Ivan");
    const maria = await busy.addRep("Maria");
    const web = await busy.addChannel("Web");
    const phone = await busy.addChannel("Phone");
    Object.assign(ids, { ivan, maria, web, phone });
    const webDeal = await busy.addDeal({ createdAt: "2025-05-02T09:00:00Z", owner: ivan, channel: web, path: [["lead", "2025-05-02T09:00:00Z"]] });
    const phoneDeal = await busy.addDeal({ createdAt: "2025-05-02T09:00:00Z", owner: maria, channel: phone, path: [["lead", "2025-05-02T09:00:00Z"]] });
    const call = { type: "call" as const, direction: "outbound" as const };
    // Calls made in May: A1 (Ivan, web deal), A2 (Maria, phone deal), A3 (Ivan, no direction, no deal).
    await busy.addActivity({ ...call, repId: ivan, dealId: webDeal, createdAt: "2025-05-03T09:00:00Z", completedAt: "2025-05-03T09:05:00Z" });
    await busy.addActivity({ ...call, repId: maria, dealId: phoneDeal, createdAt: "2025-05-04T09:00:00Z", completedAt: "2025-05-04T09:05:00Z" });
    await busy.addActivity({ type: "call", repId: ivan, createdAt: "2025-05-05T09:00:00Z", completedAt: "2025-05-05T09:05:00Z" });
    // Not calls made in May: an inbound call, a planned call not done yet, a call done on 30 April.
    await busy.addActivity({ type: "call", direction: "inbound", repId: ivan, createdAt: "2025-05-06T09:00:00Z", completedAt: "2025-05-06T09:05:00Z" });
    await busy.addActivity({ ...call, repId: ivan, createdAt: "2025-05-07T09:00:00Z", scheduledAt: "2025-05-25T09:00:00Z" });
    await busy.addActivity({ ...call, repId: ivan, createdAt: "2025-04-30T09:00:00Z", completedAt: "2025-04-30T23:59:00Z" });
    // E-mails sent in May: E1 (Maria); not: an inbound reply.
    await busy.addActivity({ type: "email", direction: "outbound", repId: maria, dealId: phoneDeal, createdAt: "2025-05-08T09:00:00Z", completedAt: "2025-05-08T09:00:00Z" });
    await busy.addActivity({ type: "email", direction: "inbound", repId: maria, dealId: phoneDeal, createdAt: "2025-05-09T09:00:00Z", completedAt: "2025-05-09T09:00:00Z" });
    // Meetings: M1 booked in April, held on 2 May; M2 booked in May, no-show; M3 booked in May for June.
    await busy.addActivity({ type: "meeting", repId: ivan, dealId: webDeal, createdAt: "2025-04-28T09:00:00Z", scheduledAt: "2025-05-02T10:00:00Z", completedAt: "2025-05-02T11:00:00Z", meetingHeld: true });
    await busy.addActivity({ type: "meeting", repId: maria, dealId: phoneDeal, createdAt: "2025-05-03T09:00:00Z", scheduledAt: "2025-05-10T10:00:00Z", meetingHeld: false });
    await busy.addActivity({ type: "meeting", repId: maria, dealId: phoneDeal, createdAt: "2025-05-12T09:00:00Z", scheduledAt: "2025-06-03T10:00:00Z" });
    // Demos: D1 held on 6 May (Ivan); D2 done on 7 May, not marked either way (Maria). Not demos done in May: D3 marked
    // not held, D4 booked in May for June, D5 held on 30 April. None of them is a meeting.
    const demo = { type: "demo" as const, createdAt: "2025-04-25T09:00:00Z" };
    await busy.addActivity({ ...demo, repId: ivan, dealId: webDeal, scheduledAt: "2025-05-06T10:00:00Z", completedAt: "2025-05-06T11:00:00Z", meetingHeld: true });
    await busy.addActivity({ ...demo, repId: maria, dealId: phoneDeal, scheduledAt: "2025-05-07T10:00:00Z", completedAt: "2025-05-07T11:00:00Z" });
    await busy.addActivity({ ...demo, repId: maria, dealId: phoneDeal, scheduledAt: "2025-05-08T10:00:00Z", completedAt: "2025-05-08T11:00:00Z", meetingHeld: false });
    await busy.addActivity({ ...demo, repId: ivan, createdAt: "2025-05-09T09:00:00Z", scheduledAt: "2025-06-02T10:00:00Z" });
    await busy.addActivity({ ...demo, repId: ivan, scheduledAt: "2025-04-30T10:00:00Z", completedAt: "2025-04-30T11:00:00Z", meetingHeld: true });
    // A lead created on 10 May nobody has answered yet (an inbound message is not an answer).
    const silentDeal = await busy.addDeal({ createdAt: "2025-05-10T09:00:00Z", owner: maria, channel: phone, path: [["lead", "2025-05-10T09:00:00Z"]] });
    await busy.addActivity({ type: "message", direction: "inbound", repId: maria, dealId: silentDeal, createdAt: "2025-05-10T10:00:00Z", completedAt: "2025-05-10T10:00:00Z" });
    org.busy = busy.orgId;

    // The bare org has a won deal with no customer, no margin, no activities and no winnable loss reasons.
    const bare = await createSalesOrg(testDb.db, { slug: "bare", timeZone: "UTC", currency: "EUR" });
    await bare.addDeal({
      createdAt: "2025-05-02T09:00:00Z", amount: 100, path: [["lead", "2025-05-02T09:00:00Z"], ["won", "2025-05-03T09:00:00Z"]],
      status: "won", wonAt: "2025-05-03T09:00:00Z",
    });
    org.bare = bare.orgId;
  });
  afterAll(() => testDb.drop());

  it("counts calls made, e-mails sent and meetings that took place", async () => {
    const response = await compute(org.busy, { metrics: ["calls_made", "emails_sent", "meetings_count"] });
    // Calls A1 A2 A3; e-mail E1; meeting M1 (M2 was a no-show, M3 has not happened).
    expect(values(response)).toEqual({ calls_made: 3, emails_sent: 1, meetings_count: 1 });
  });

  it("counts demos that took place in the period, apart from meetings, per rep", async () => {
    const response = await compute(org.busy, { metrics: ["demos_count", "meetings_count"], breakdown: "rep" });
    // D1 (Ivan) and D2 (Maria); meetings are still M1 only.
    expect(values(response)).toEqual({ demos_count: 2, meetings_count: 1 });
    expect(Object.fromEntries(response.metrics[0]!.breakdown!.map(({ key, value }) => [key, value]))).toEqual({ [ids.ivan!]: 1, [ids.maria!]: 1 });
    // April: D5 only; March: none at all, a count of 0 (not "no value").
    const april = await computeMetrics(testDb.db, org.busy, { metrics: ["demos_count"], period: { period: "last_month" } }, now);
    expect(values(april)).toEqual({ demos_count: 1 });
    const march = await computeMetrics(testDb.db, org.busy, { metrics: ["demos_count"], period: { period: "custom", from: "2025-03-01", to: "2025-03-31" } }, now);
    expect(march.metrics[0]).toMatchObject({ value: 0, flags: { noValue: false, needsData: [] } });
  });

  it("credits activities to the rep who performed them, and filters them by their deal's channel", async () => {
    const byRep = await compute(org.busy, { metrics: ["calls_made"], breakdown: "rep" });
    // Ivan: A1 and A3; Maria: A2.
    expect(Object.fromEntries(byRep.metrics[0]!.breakdown!.map(({ key, value }) => [key, value]))).toEqual({ [ids.ivan!]: 2, [ids.maria!]: 1 });
    const phone = await compute(org.busy, { metrics: ["calls_made"], filters: { channelIds: [ids.phone!] } });
    expect(values(phone)).toEqual({ calls_made: 1 });
  });

  it("measures the response time to the month's leads, counting unanswered ones beside it", async () => {
    const response = await compute(org.busy, { metrics: ["response_time"] });
    // Web lead (2 May 09:00) first answered by A1 at 3 May 09:05: 1 445 minutes (the meeting on 2 May does not count);
    // phone lead answered by A2 at 4 May 09:05: 2 885 minutes. Mean and median 2 165; the 10 May lead is unanswered.
    expect(response.metrics[0]).toMatchObject({ durationIn: "minutes", value: 2_165, median: 2_165, excluded: { unanswered: 1 } });
  });

  it("gives a dashboard the response time's median of the period's total only", async () => {
    const [all, headline] = await Promise.all([undefined, "headline" as const].map((medians) => compute(org.busy, { metrics: ["response_time"], breakdown: "rep", medians })));
    expect(headline!.metrics[0]).toMatchObject({ value: 2_165, median: 2_165 });
    expect(all!.metrics[0]!.breakdown!.filter((row) => row.median !== null)).not.toHaveLength(0);
    expect(headline!.metrics[0]!.breakdown!.map((row) => row.median)).toEqual(headline!.metrics[0]!.breakdown!.map(() => null));
    expect(headline!.metrics[0]!.breakdown!.map((row) => row.value)).toEqual(all!.metrics[0]!.breakdown!.map((row) => row.value));
  });

  it("counts meetings from activities where the org says so", async () => {
    const response = await compute(org.busy, { metrics: ["meetings_scheduled", "meetings_held"] });
    // A demo is a key meeting too. Booked in May: M2, M3 and D4 (M1 and D1–D3, D5 were booked in April). Held in
    // May: M1 and D1 (D2 is not marked held, D3 was not held).
    expect(values(response)).toEqual({ meetings_scheduled: 3, meetings_held: 2 });
  });

  it("answers 'needs data' instead of a number where the org lacks the data", async () => {
    const response = await compute(org.bare, { metrics: ["calls_made", "demos_count", "avg_margin", "purchases_per_customer", "winnable_lost_share", "deals_won"] });
    expect(response.metrics.map(({ id, value, flags }) => ({ id, value, needsData: flags.needsData }))).toEqual([
      { id: "calls_made", value: null, needsData: ["activities"] },
      { id: "demos_count", value: null, needsData: ["activities"] },
      { id: "avg_margin", value: null, needsData: ["margin"] },
      { id: "purchases_per_customer", value: null, needsData: ["customers"] },
      { id: "winnable_lost_share", value: null, needsData: ["loss_reasons"] },
      { id: "deals_won", value: 1, needsData: [] },
    ]);
  });

  it("refuses an unknown metric", async () => {
    await expect(compute(org.bare, { metrics: ["made_up"] })).rejects.toMatchObject({ kind: "invalid" });
  });
});

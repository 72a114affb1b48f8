import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/test/db";
import { computeMetrics, type MetricsResponse } from "./compute";
import type { MetricRequest } from "./request";
import type { MetricResult } from "./results";
import { createSalesOrg } from "./test-fixtures";

const metric = (response: MetricsResponse, id: string): MetricResult => response.metrics.find((m) => m.id === id)!;
const breakdownOf = (result: MetricResult) => Object.fromEntries(result.breakdown!.map((row) => [row.key, row.value]));

/**
 * A Berlin org (CET, CEST from 30 March 2025), EUR, asked on 20 April 2025 about March 2025:
 * [2025-02-28T23:00Z, 2025-03-31T22:00Z). Ads leads are provided by the company, Outbound leads are self-sourced.
 * Spend: Ads 100 (1 March, 50 sessions) + 200 (31 March, 150 sessions); Outbound 50 (10 March, no sessions);
 * Ads 999 on 1 April is April's. March: spend 350, sessions 200.
 * Leads created in March: L1 (Ads, 00:05 on 1 March), L2 (Ads, 23:55 on 31 March, summer time), L3 and L4
 * (Outbound). L0 (23:55 on 28 February) and L5 (00:05 on 1 April) are not March's.
 * L1 qualified and won (1 000); L3 qualified, reached proposal and was lost; L4 qualified and won (500).
 */
describe("computeMetrics: marketing cost, traffic and the quality of reps' work", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let compute: (request: Omit<MetricRequest, "period"> & { period?: MetricRequest["period"] }) => Promise<MetricsResponse>;
  let bareOrg: string;
  const ids: Record<string, number> = {};
  const now = new Date("2025-04-20T12:00:00Z");
  const march = { period: "custom", from: "2025-03-01", to: "2025-03-31" } as const;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const org = await createSalesOrg(testDb.db, { slug: "berlin", timeZone: "Europe/Berlin", currency: "EUR" });
    compute = (request) => computeMetrics(testDb.db, org.orgId, { period: march, ...request }, now);
    const anna = await org.addRep("Anna");
    const boris = await org.addRep("Boris");
    const ads = await org.addChannel("Ads");
    const outbound = await org.addChannel("Outbound");
    await org.setChannelProvided(outbound, false);
    Object.assign(ids, { anna, boris, ads, outbound });

    await org.addMarketingDay(ads, "2025-03-01", 100, 50);
    await org.addMarketingDay(ads, "2025-03-31", 200, 150);
    await org.addMarketingDay(outbound, "2025-03-10", 50, 0);
    await org.addMarketingDay(ads, "2025-04-01", 999, 500);

    const lead = (createdAt: string, channel: number) => org.addDeal({ createdAt, channel, owner: anna, path: [["lead", createdAt]] });
    await lead("2025-02-28T22:55:00Z", ads); // L0
    const l1 = await org.addDeal({
      createdAt: "2025-02-28T23:05:00Z", channel: ads, owner: anna, amount: 1_000, status: "won", wonAt: "2025-03-10T09:00:00Z",
      path: [["lead", "2025-02-28T23:05:00Z"], ["qualified", "2025-03-02T09:00:00Z"], ["won", "2025-03-10T09:00:00Z"]],
    });
    await lead("2025-03-31T21:55:00Z", ads); // L2
    const l3 = await org.addDeal({
      createdAt: "2025-03-05T09:00:00Z", channel: outbound, owner: anna, status: "lost",
      path: [["lead", "2025-03-05T09:00:00Z"], ["qualified", "2025-03-06T09:00:00Z"], ["proposal", "2025-03-07T09:00:00Z"], ["lost", "2025-03-20T09:00:00Z"]],
    });
    await org.addDeal({
      createdAt: "2025-03-05T09:00:00Z", channel: outbound, owner: boris, amount: 500, status: "won", wonAt: "2025-03-15T09:00:00Z",
      path: [["lead", "2025-03-05T09:00:00Z"], ["qualified", "2025-03-06T09:00:00Z"], ["won", "2025-03-15T09:00:00Z"]],
    });
    await lead("2025-03-31T22:05:00Z", ads); // L5

    // E-mails sent by Anna in March: E1 delivered, opened, replied positively; E2 delivered and opened; E3 delivered,
    // replied negatively; E4 bounced (not delivered); E5 inbound (not sent).
    const email = (fields: object, completedAt = "2025-03-12T09:00:00Z") =>
      org.addActivity({ type: "email", direction: "outbound", repId: anna, createdAt: completedAt, completedAt, ...fields });
    await email({ emailDelivered: true, emailOpened: true, emailReplied: true, replySentiment: "positive" });
    await email({ emailDelivered: true, emailOpened: true, emailReplied: false });
    await email({ emailDelivered: true, emailOpened: false, emailReplied: true, replySentiment: "negative" });
    await email({ emailDelivered: false });
    await email({ direction: "inbound", emailDelivered: true, emailOpened: true });
    // Calls: C1 talks 60 s and listens 40 s (0.6), reviewed 80; C2 0.3, not reviewed; C3 has no recording.
    const call = (fields: object) =>
      org.addActivity({ type: "call", direction: "outbound", repId: anna, createdAt: "2025-03-13T09:00:00Z", completedAt: "2025-03-13T09:10:00Z", ...fields });
    await call({ talkSeconds: 60, listenSeconds: 40, qualityScore: 80 });
    await call({ talkSeconds: 30, listenSeconds: 70 });
    await call({});
    // Meetings on L1: held 3 March, held 8 March (a follow-up), not held 9 March, held 12 March (a follow-up);
    // on L3: held 6 March (its first).
    const meeting = (dealId: number, day: string, meetingHeld: boolean) =>
      org.addActivity({ type: "meeting", repId: anna, dealId, createdAt: "2025-03-01T09:00:00Z", scheduledAt: `${day}T09:00:00Z`, completedAt: `${day}T10:00:00Z`, meetingHeld });
    await meeting(l1, "2025-03-03", true);
    await meeting(l1, "2025-03-08", true);
    await meeting(l1, "2025-03-09", false);
    await meeting(l1, "2025-03-12", true);
    await meeting(l3, "2025-03-06", true);

    bareOrg = (await createSalesOrg(testDb.db, { slug: "bare", timeZone: "UTC", currency: "EUR" })).orgId;
  });
  afterAll(() => testDb.drop());

  it("divides the period's spend by its leads, qualified leads, sales and sessions", async () => {
    const response = await compute({
      metrics: ["cost_per_lead", "cost_per_qualified", "cost_per_sale", "cost_per_session", "revenue_per_session", "visitor_lead_rate"],
    });
    expect(metric(response, "cost_per_lead")).toMatchObject({ value: 87.5, inputs: { numerator: 350, denominator: 4 } }); // 350 ÷ 4
    expect(metric(response, "cost_per_qualified").value).toBeCloseTo(350 / 3, 10); // L1, L3, L4
    expect(metric(response, "cost_per_sale").value).toBe(175); // 350 ÷ 2 (L1, L4)
    expect(metric(response, "cost_per_session").value).toBe(1.75); // 350 ÷ 200
    expect(metric(response, "revenue_per_session").value).toBe(7.5); // 1 500 ÷ 200
    expect(metric(response, "visitor_lead_rate").value).toBe(0.02); // 4 ÷ 200
  });

  it("divides each channel's spend by its own counts; no sessions is no value", async () => {
    const response = await compute({ metrics: ["cost_per_lead", "cost_per_sale", "cost_per_session"], breakdown: "channel" });
    expect(breakdownOf(metric(response, "cost_per_lead"))).toEqual({ [ids.ads!]: 150, [ids.outbound!]: 25 }); // 300 ÷ 2, 50 ÷ 2
    expect(breakdownOf(metric(response, "cost_per_sale"))).toEqual({ [ids.ads!]: 300, [ids.outbound!]: 50 });
    expect(breakdownOf(metric(response, "cost_per_session"))).toEqual({ [ids.ads!]: 1.5, [ids.outbound!]: null });
    const byRep = await compute({ metrics: ["cost_per_lead"], breakdown: "rep", filters: { repIds: [ids.anna!] } });
    // Spend cannot be split by rep: no value and no breakdown.
    expect(metric(byRep, "cost_per_lead")).toMatchObject({ value: null });
    expect(metric(byRep, "cost_per_lead").breakdown).toBeUndefined();
  });

  it("says spend and sessions are needed where none were imported", async () => {
    const response = await computeMetrics(testDb.db, bareOrg, { metrics: ["cost_per_lead", "visitor_lead_rate"], period: march }, now);
    expect(response.metrics.map((m) => m.flags.needsData)).toEqual([["spend", "deals"], ["deals", "sessions"]]);
  });

  it("splits the opportunity win rate into provided and self-sourced leads", async () => {
    const rate = metric(await compute({ metrics: ["close_rate_provided"] }), "close_rate_provided");
    // Provided (Ads): L1 won of 1 closed. Self-sourced (Outbound): L4 won, L3 lost after its proposal: 1 of 2.
    expect(rate).toMatchObject({ value: 1, inputs: { numerator: 1, denominator: 1 }, split: { self_sourced: 0.5 } });
  });

  it("measures e-mail tracking, call recordings and follow-up meetings", async () => {
    const response = await compute({
      metrics: ["emails_delivered", "email_open_rate", "email_reply_rate", "email_positive_rate", "talk_listen_ratio", "call_quality", "follow_up_meetings"],
    });
    expect(metric(response, "emails_delivered").value).toBe(3);
    expect(metric(response, "email_open_rate").inputs).toEqual({ numerator: 2, denominator: 3 });
    expect(metric(response, "email_reply_rate").inputs).toEqual({ numerator: 2, denominator: 3 });
    expect(metric(response, "email_positive_rate")).toMatchObject({ inputs: { numerator: 1, denominator: 3 }, split: { positive_to_negative: 1 } });
    expect(metric(response, "talk_listen_ratio").value).toBeCloseTo(0.45, 10); // (0.6 + 0.3) ÷ 2
    expect(metric(response, "call_quality").value).toBe(80);
    expect(metric(response, "follow_up_meetings").value).toBe(2); // 8 and 12 March on L1
  });
});

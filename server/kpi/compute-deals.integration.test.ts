import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/test/db";
import { computeMetrics, type MetricQuery, type MetricsResponse } from "./compute";
import type { MetricRequest } from "./request";
import type { MetricResult } from "./results";
import { createSalesOrg } from "./test-fixtures";

/**
 * One Moscow org (UTC+3 all year, currency RUB), asked on 20 March 2025.
 * March 2025 = [2025-02-28T21:00Z, 2025-03-31T21:00Z); February = [2025-01-31T21:00Z, 2025-02-28T21:00Z);
 * March 2024 = [2024-02-29T21:00Z, 2024-03-31T21:00Z).
 */
const now = new Date("2025-03-20T12:00:00Z");

describe("computeMetrics: deal events, money and closed-deal ratios", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let compute: (request: Omit<MetricRequest, "period"> & { period?: MetricRequest["period"] } & Pick<MetricQuery, "medians">) => Promise<MetricsResponse>;
  const ids: Record<string, number> = {};
  const metric = (response: MetricsResponse, id: string): MetricResult => response.metrics.find((m) => m.id === id)!;
  const values = (response: MetricsResponse) => Object.fromEntries(response.metrics.map((m) => [m.id, m.value]));

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const org = await createSalesOrg(testDb.db, { slug: "moscow", timeZone: "Europe/Moscow", currency: "RUB" });
    compute = (request) => computeMetrics(testDb.db, org.orgId, { period: { period: "this_month" }, ...request }, now);
    const east = await org.addTeam("East");
    const west = await org.addTeam("West");
    const anna = await org.addRep("Anna", [[east, "2024-01-01"]]);
    const boris = await org.addRep("Boris", [[east, "2024-01-01"]]);
    // Vera has no team until she joins West on 15 March.
    const vera = await org.addRep("Vera", [[west, "2025-03-15"]]);
    const web = await org.addChannel("Web");
    const referral = await org.addChannel("Referral");
    const c1 = await org.addCustomer("C1");
    const c2 = await org.addCustomer("C2");
    const price = await org.addLossReason("Price", true);
    const junk = await org.addLossReason("Junk", false);
    Object.assign(ids, { east, west, anna, boris, vera, web, referral, price, junk });

    // D1 skips from lead to won, then is fulfilled. 100 000 RUB, margin 30 000.
    await org.addDeal({
      createdAt: "2025-03-03T09:00:00Z", owner: anna, channel: web, customer: c1, amount: 100_000, margin: 30_000,
      path: [["lead", "2025-03-03T09:00:00Z"], ["won", "2025-03-10T10:00:00Z"], ["fulfilled", "2025-03-12T10:00:00Z"]],
      status: "won", wonAt: "2025-03-10T10:00:00Z",
    });
    // D2 is won, then lost for a winnable reason: lost (on 15 March), never won.
    await org.addDeal({
      createdAt: "2025-03-02T09:00:00Z", owner: boris, channel: web, amount: 50_000, lossReason: price,
      path: [["lead", "2025-03-02T09:00:00Z"], ["qualified", "2025-03-04T09:00:00Z"], ["won", "2025-03-12T09:00:00Z"], ["lost", "2025-03-15T09:00:00Z"]],
      status: "lost", wonAt: "2025-03-12T09:00:00Z",
    });
    // D3 is won, then reopened (back in negotiation): open, neither won nor lost.
    await org.addDeal({
      createdAt: "2025-03-05T09:00:00Z", owner: vera, channel: referral, amount: 70_000,
      path: [
        ["lead", "2025-03-05T09:00:00Z"], ["qualified", "2025-03-06T09:00:00Z"], ["meeting_scheduled", "2025-03-07T09:00:00Z"],
        ["meeting_held", "2025-03-08T09:00:00Z"], ["won", "2025-03-11T10:00:00Z"], ["negotiation", "2025-03-13T09:00:00Z"],
      ],
      status: "open", wonAt: "2025-03-11T10:00:00Z",
    });
    // D4 at 23:55 on 28 February Moscow time (February), D5 at 00:05 on 1 March (March).
    await org.addDeal({ createdAt: "2025-02-28T20:55:00Z", owner: anna, channel: web, path: [["lead", "2025-02-28T20:55:00Z"]] });
    await org.addDeal({ createdAt: "2025-02-28T21:05:00Z", owner: anna, channel: web, path: [["lead", "2025-02-28T21:05:00Z"]] });
    // D6: 1 000 USD, cost 600 USD, won at 01:30 on 15 March Moscow time (the 14th in UTC): the 15 March rate, 95.
    await org.addDeal({
      createdAt: "2025-03-01T09:00:00Z", owner: anna, channel: referral, customer: c1, amount: 1_000, cost: 600, currency: "USD",
      path: [["lead", "2025-03-01T09:00:00Z"], ["qualified", "2025-03-02T09:00:00Z"], ["proposal", "2025-03-05T09:00:00Z"], ["won", "2025-03-14T22:30:00Z"]],
      status: "won", wonAt: "2025-03-14T22:30:00Z",
    });
    // D7: 500 EUR; the only EUR rate is dated after its won date: excluded from money, reported.
    await org.addDeal({
      createdAt: "2025-03-01T10:00:00Z", owner: vera, channel: web, customer: c2, amount: 500, currency: "EUR",
      path: [["lead", "2025-03-01T10:00:00Z"], ["won", "2025-03-18T09:00:00Z"]],
      status: "won", wonAt: "2025-03-18T09:00:00Z",
    });
    // D8 (created in February) passed from Boris to Vera before the win and to Anna after it: Vera is credited with the win.
    await org.addDeal({
      createdAt: "2025-02-20T09:00:00Z", owner: anna, channel: referral, customer: c2, amount: 40_000, currency: "RUB", margin: 10_000,
      path: [["lead", "2025-02-20T09:00:00Z"], ["qualified", "2025-02-25T09:00:00Z"], ["negotiation", "2025-03-05T09:00:00Z"], ["won", "2025-03-16T09:00:00Z"]],
      status: "won", wonAt: "2025-03-16T09:00:00Z",
      ownerChanges: [[boris, vera, "2025-03-01T09:00:00Z"], [vera, anna, "2025-03-17T09:00:00Z"]],
    });
    // D9 is won without an amount (and without a customer).
    await org.addDeal({
      createdAt: "2025-03-06T09:00:00Z", owner: boris, channel: web,
      path: [["lead", "2025-03-06T09:00:00Z"], ["qualified", "2025-03-07T09:00:00Z"], ["won", "2025-03-19T09:00:00Z"]],
      status: "won", wonAt: "2025-03-19T09:00:00Z",
    });
    // D10 goes through an unmapped stage to lost (junk): never qualified.
    await org.addDeal({
      createdAt: "2025-03-08T09:00:00Z", owner: boris, channel: web, lossReason: junk,
      path: [["lead", "2025-03-08T09:00:00Z"], ["unmapped", "2025-03-09T09:00:00Z"], ["lost", "2025-03-10T09:00:00Z"]],
      status: "lost",
    });
    // D11 was created and worked in February and won in March; no margin known.
    await org.addDeal({
      createdAt: "2025-02-03T09:00:00Z", owner: anna, channel: web, customer: c1, amount: 30_000,
      path: [
        ["lead", "2025-02-03T09:00:00Z"], ["qualified", "2025-02-04T09:00:00Z"], ["meeting_scheduled", "2025-02-05T09:00:00Z"],
        ["meeting_held", "2025-02-06T09:00:00Z"], ["proposal", "2025-02-07T09:00:00Z"], ["won", "2025-03-03T09:00:00Z"],
      ],
      status: "won", wonAt: "2025-03-03T09:00:00Z",
    });
    // D12 is lost (price, winnable) after reaching proposal, on 20 March, when Vera is in West.
    await org.addDeal({
      createdAt: "2025-03-04T09:00:00Z", owner: vera, channel: referral, lossReason: price,
      path: [
        ["lead", "2025-03-04T09:00:00Z"], ["qualified", "2025-03-05T09:00:00Z"], ["meeting_scheduled", "2025-03-06T09:00:00Z"],
        ["meeting_held", "2025-03-07T09:00:00Z"], ["proposal", "2025-03-09T09:00:00Z"], ["lost", "2025-03-20T09:00:00Z"],
      ],
      status: "lost",
    });
    // D13, a year earlier: won in March 2024, 20 000.
    await org.addDeal({
      createdAt: "2024-03-10T09:00:00Z", owner: anna, channel: web, amount: 20_000,
      path: [["lead", "2024-03-10T09:00:00Z"], ["won", "2024-03-20T09:00:00Z"]],
      status: "won", wonAt: "2024-03-20T09:00:00Z",
    });
    // D14, February: qualified, then lost without a reason.
    await org.addDeal({
      createdAt: "2025-02-10T09:00:00Z", owner: boris, channel: web,
      path: [["lead", "2025-02-10T09:00:00Z"], ["qualified", "2025-02-11T09:00:00Z"], ["lost", "2025-02-15T09:00:00Z"]],
      status: "lost",
    });
    await org.addRate("USD", "2025-03-01", 90);
    await org.addRate("USD", "2025-03-15", 95);
    await org.addRate("EUR", "2025-03-19", 100);
  });
  afterAll(() => testDb.drop());

  const volume = ["leads_created", "leads_qualified", "opportunities_created", "meetings_scheduled", "meetings_held", "proposals_sent", "deals_won", "deals_fulfilled", "deals_lost"];

  it("counts the month's events in Moscow time, with February as the previous period", async () => {
    const response = await compute({ metrics: volume, comparison: "previous_period" });
    expect(response.period).toEqual({ from: "2025-03-01", to: "2025-04-01" });
    expect(response.comparisonPeriod).toEqual({ from: "2025-02-01", to: "2025-03-01" });
    expect(values(response)).toEqual({
      // D1 D2 D3 D5 D6 D7 D9 D10 D12 (D5 at 00:05 on 1 March; D4 at 23:55 on 28 February is February's).
      leads_created: 9,
      // D1 (skipped to won) D2 D3 D6 D7 (skipped to won) D9 D12; D8 qualified in February; D10 never.
      leads_qualified: 7,
      opportunities_created: 7,
      // D1 D7 D9 via won; D2 via its (later undone) won stage; D3; D6 via proposal; D8 via negotiation; D12.
      meetings_scheduled: 8,
      meetings_held: 8,
      // The same eight: D3 passed proposal on its way to won (only the win is undone); D11's was in February.
      proposals_sent: 8,
      // D1 D6 D7 D8 D9 D11; not D2 (won, then lost) nor D3 (reopened).
      deals_won: 6,
      deals_fulfilled: 1,
      // D2 (lost after a win) D10 D12 (lost after proposal).
      deals_lost: 3,
    });
    const previous = Object.fromEntries(response.metrics.map((m) => [m.id, m.comparison!.value]));
    // February: D4 D8 D11 D14 created; D8 D11 D14 qualified; D11 through proposal; D14 lost.
    expect(previous).toMatchObject({ leads_created: 4, leads_qualified: 3, proposals_sent: 1, deals_won: 0, deals_lost: 1 });
    expect(metric(response, "leads_created").comparison!.delta).toEqual({ absolute: 5, percent: 1.25 });
    // 6 against 0: a change, but no percent.
    expect(metric(response, "deals_won").comparison!.delta).toEqual({ absolute: 6, percent: null });
  });

  it("splits lost deals by loss reason", async () => {
    const response = await compute({ metrics: ["deals_lost"], comparison: "previous_period" });
    expect(metric(response, "deals_lost").split).toEqual({ [ids.price!]: 2, [ids.junk!]: 1 });
    expect(metric(response, "deals_lost").comparison!.split).toEqual({ none: 1 });
  });

  it("sums money in the org currency and reports what it left out", async () => {
    const response = await compute({ metrics: ["revenue_won", "avg_deal_size", "avg_margin", "purchases_per_customer"] });
    // D1 100 000 + D6 1 000 USD × 95 + D8 40 000 + D11 30 000; D7 (no EUR rate) and D9 (no amount) add nothing.
    expect(metric(response, "revenue_won")).toMatchObject({ value: 265_000, excluded: { noRate: 1, withoutAmount: 1 } });
    // 265 000 over the four deals with an amount.
    expect(metric(response, "avg_deal_size")).toMatchObject({ value: 66_250, inputs: { numerator: 265_000, denominator: 4 } });
    // Margins: D1 30 000, D6 (1 000 − 600) USD × 95 = 38 000, D8 10 000 → 78 000 over their revenue 235 000; D11 has none.
    expect(metric(response, "avg_margin")).toMatchObject({ inputs: { numerator: 78_000, denominator: 235_000 }, excluded: { withoutMargin: 1 } });
    expect(metric(response, "avg_margin").value).toBeCloseTo(78_000 / 235_000, 12);
    // Won deals with a customer: D1 D6 D11 (C1), D7 D8 (C2): 5 purchases by 2 customers; D9 has no customer.
    expect(metric(response, "purchases_per_customer")).toMatchObject({ value: 2.5, excluded: { withoutCustomer: 1 } });
  });

  it("computes closed-deal ratios, with no value for a zero denominator", async () => {
    const response = await compute({
      metrics: ["win_rate", "lead_close_rate", "win_loss_ratio", "winnable_lost_share"],
      comparison: "year_ago",
    });
    expect(response.comparisonPeriod).toEqual({ from: "2024-03-01", to: "2024-04-01" });
    // Closed in March: won D1 D6 D7 D8 D9 D11 (6); lost D2 D10 D12 (3), of which D2 and D12 had been qualified.
    expect(metric(response, "win_rate")).toMatchObject({ value: 0.75, inputs: { numerator: 6, denominator: 8 } });
    expect(metric(response, "lead_close_rate")).toMatchObject({ inputs: { numerator: 6, denominator: 9 } });
    expect(metric(response, "lead_close_rate").value).toBeCloseTo(2 / 3, 12);
    expect(metric(response, "win_loss_ratio")).toMatchObject({ value: 2, flags: { noValue: false } });
    // D2 and D12 lost for a winnable reason, of 9 closed.
    expect(metric(response, "winnable_lost_share").value).toBeCloseTo(2 / 9, 12);
    // March 2024: D13 won, nothing lost: won ÷ lost has no value, and so has its change.
    expect(metric(response, "win_loss_ratio").comparison).toMatchObject({ value: null, delta: { absolute: null, percent: null } });
    expect(metric(response, "lead_close_rate").comparison!.value).toBe(1);
  });

  it("compares revenue with the same month a year earlier", async () => {
    const response = await compute({ metrics: ["revenue_won"], comparison: "year_ago" });
    expect(metric(response, "revenue_won").comparison).toMatchObject({ value: 20_000, delta: { absolute: 245_000, percent: 12.25 } });
  });

  it("gives the mean and median days to win and to loss", async () => {
    const response = await compute({ metrics: ["time_to_win", "time_to_loss"] });
    // Won: D1 7 d 1 h = 7.041667, D6 13 d 13.5 h = 13.5625, D7 16 d 23 h = 16.958333, D8 24 (20 Feb → 16 March),
    // D9 13, D11 28 (3 Feb → 3 March): sum 102.5625, mean 17.09375; median (13.5625 + 16.958333) / 2.
    const toWin = metric(response, "time_to_win");
    expect(toWin.value).toBeCloseTo(17.09375, 9);
    expect(toWin.median).toBeCloseTo((13.5625 + 16 + 23 / 24) / 2, 9);
    // Lost: D2 13, D10 2, D12 16 days.
    expect(metric(response, "time_to_loss")).toMatchObject({ median: 13 });
    expect(metric(response, "time_to_loss").value).toBeCloseTo(31 / 3, 9);
  });

  it("computes a dashboard's medians only where it shows them: the current period's total", async () => {
    const request = { metrics: ["time_to_win", "time_to_loss"], comparison: "previous_period" as const, breakdown: "rep" as const };
    const [all, headline] = await Promise.all([compute(request), compute({ ...request, medians: "headline" })]);
    for (const id of ["time_to_win", "time_to_loss"]) {
      const [every, shown] = [metric(all, id), metric(headline, id)];
      expect(shown.median).toBe(every.median);
      expect(shown.value).toBe(every.value);
      expect(every.breakdown!.some((row) => row.median !== null)).toBe(true);
      expect(shown.breakdown!.map((row) => row.median)).toEqual(shown.breakdown!.map(() => null));
      expect(shown.breakdown!.map((row) => row.value)).toEqual(every.breakdown!.map((row) => row.value));
      expect(shown.comparison!.value).toBe(every.comparison!.value);
      expect(shown.comparison!.median).toBeNull();
    }
    expect(metric(headline, "time_to_loss").median).toBe(13);
    expect(metric(headline, "time_to_win").median).toBeCloseTo((13.5625 + 16 + 23 / 24) / 2, 9);
  });

  it("takes open deals and pipeline value at the snapshot: now for this month, the month's end for February", async () => {
    const response = await compute({ metrics: ["deals_open", "pipeline_value"], comparison: "previous_period", breakdown: "rep" });
    const [open, value] = response.metrics;
    // On 20 March 12:00 UTC: D3 (reopened, in negotiation, 70 000), D4 and D5 (leads without an amount).
    // D12 was lost three hours earlier; every other deal is won, fulfilled or lost.
    expect(open).toMatchObject({ value: 3, comparison: { value: 3 } });
    expect(value).toMatchObject({ value: 70_000, excluded: { noRate: 0, withoutAmount: 2 } });
    // End of February: D4 (created 23:55 on the 28th), D8 (qualified, 40 000) and D11 (at proposal, 30 000); D14 lost.
    expect(value!.comparison).toMatchObject({ value: 70_000, excluded: { withoutAmount: 1 } });
    expect(Object.fromEntries(open!.breakdown!.map((row) => [row.key, row.value]))).toEqual({ [ids.anna!]: 2, [ids.vera!]: 1 });
  });

  it("gives zeros and no values for an empty period", async () => {
    const response = await compute({
      metrics: ["leads_created", "deals_won", "revenue_won", "avg_deal_size", "win_rate", "purchases_per_customer", "time_to_win"],
      period: { period: "custom", from: "2025-06-01", to: "2025-06-30" },
    });
    expect(values(response)).toEqual({
      leads_created: 0, deals_won: 0, revenue_won: 0, avg_deal_size: null, win_rate: null, purchases_per_customer: null, time_to_win: null,
    });
    expect(metric(response, "win_rate").flags).toEqual({ noValue: true, needsData: [] });
  });

  it("credits the rep who owned the deal at the event, and breaks down by rep", async () => {
    const response = await compute({ metrics: ["deals_won", "revenue_won"], breakdown: "rep" });
    const byRep = (id: string) => Object.fromEntries(metric(response, id).breakdown!.map((row) => [row.key, row.value]));
    // Anna: D1 D6 D11; Vera: D7 and D8 (owned by her at the win); Boris: D9.
    expect(byRep("deals_won")).toEqual({ [ids.anna!]: 3, [ids.vera!]: 2, [ids.boris!]: 1 });
    expect(byRep("revenue_won")).toEqual({ [ids.anna!]: 225_000, [ids.vera!]: 40_000, [ids.boris!]: 0 });
    expect(metric(response, "deals_won").value).toBe(6);
  });

  it("credits teams by dated membership: Vera's team from the day she joined", async () => {
    const response = await compute({ metrics: ["deals_won", "leads_created", "deals_lost"], breakdown: "team" });
    const byTeam = (id: string) => Object.fromEntries(metric(response, id).breakdown!.map((row) => [row.key, row.value]));
    // Vera won D7 (18 March) and D8 (16 March) after joining West on 15 March.
    expect(byTeam("deals_won")).toEqual({ [ids.east!]: 4, [ids.west!]: 2 });
    // Her leads D3, D7 and D12 came before she joined: no team.
    expect(byTeam("leads_created")).toEqual({ [ids.east!]: 6, "": 3 });
    // D2 and D10 (Boris) for East; D12 lost on 20 March by Vera, then in West.
    expect(byTeam("deals_lost")).toEqual({ [ids.east!]: 2, [ids.west!]: 1 });
  });

  it("credits open deals and cohorts to the team then", async () => {
    const byTeam = (result: MetricResult) => Object.fromEntries(result.breakdown!.map((row) => [row.key, row.value]));
    const response = await compute({ metrics: ["deals_open", "conv_lead_qualified"], breakdown: "team" });
    // Open now (20 March): D3 (Vera, in West since 15 March); D4 and D5 (Anna, East).
    expect(byTeam(metric(response, "deals_open"))).toEqual({ [ids.east!]: 2, [ids.west!]: 1 });
    // March's leads, credited at creation: Anna's and Boris's D1 D2 D5 D6 D9 D10 to East, of which D1 D2 D6 D9
    // qualified; Vera's D3 D7 D12 came before she joined West: no team, all three qualified.
    const conversion = metric(response, "conv_lead_qualified").breakdown!;
    expect(conversion.find((row) => row.key === String(ids.east))).toMatchObject({ inputs: { numerator: 4, denominator: 6 } });
    expect(conversion.find((row) => row.key === "")).toMatchObject({ value: 1, inputs: { numerator: 3, denominator: 3 } });
    // April has not begun: its open deals are today's, and D3's team is Vera's today.
    const april = await compute({ metrics: ["deals_open"], period: { period: "custom", from: "2025-04-01", to: "2025-04-30" }, filters: { teamIds: [ids.west!] } });
    expect(values(april)).toEqual({ deals_open: 1 });
  });

  it("filters by team, rep and channel", async () => {
    const west = await compute({ metrics: ["deals_won"], filters: { teamIds: [ids.west!] } });
    expect(metric(west, "deals_won").value).toBe(2);
    const anna = await compute({ metrics: ["deals_won", "revenue_won"], filters: { repIds: [ids.anna!] } });
    expect(values(anna)).toEqual({ deals_won: 3, revenue_won: 225_000 });
    const referral = await compute({ metrics: ["leads_created", "deals_won", "revenue_won"], filters: { channelIds: [ids.referral!] } });
    // Referral: D3 D6 D12 created in March; D6 and D8 won (95 000 + 40 000).
    expect(values(referral)).toEqual({ leads_created: 3, deals_won: 2, revenue_won: 135_000 });
  });

  it("breaks down by month in the org's time zone", async () => {
    const response = await compute({ metrics: ["leads_created", "deals_won"], period: { period: "this_quarter" } });
    const byMonth = (id: string) => metric(response, id).breakdown;
    expect(response.period).toEqual({ from: "2025-01-01", to: "2025-04-01" });
    expect(byMonth("leads_created")).toBeUndefined();
    const monthly = await compute({ metrics: ["leads_created", "deals_won"], period: { period: "this_quarter" }, breakdown: "month" });
    const rows = (id: string) => Object.fromEntries(metric(monthly, id).breakdown!.map((row) => [row.key, row.value]));
    // January empty; February D4 D8 D11 D14; March the nine above.
    expect(rows("leads_created")).toEqual({ "2025-01-01": 0, "2025-02-01": 4, "2025-03-01": 9 });
    expect(rows("deals_won")).toEqual({ "2025-01-01": 0, "2025-02-01": 0, "2025-03-01": 6 });
  });
});

/**
 * A team's numbers follow its members at the moment of each event (UTC org, March 2025, asked on 20 April). North:
 * Ivan until 15 March (he left), Olga from 20 March (she joined). Won, no owner changes: Ivan 10 March (100) and
 * 25 March (200); Olga 12 March (40) and 28 March (80); Pavel, never in North, 5 March (7).
 * North's March: Ivan's 100 (his team then) and Olga's 80; not Ivan's 200 (after he left) nor Olga's 40 (before she
 * joined) nor Pavel's. Ivan's own March, with the team filter: 100.
 */
describe("computeMetrics: a team's members come and go", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  afterAll(() => testDb.drop());

  it("credits a team with what its members won while they were in it, including a member who has left", async () => {
    testDb = await createTestDatabase();
    const org = await createSalesOrg(testDb.db, { slug: "team-moves", timeZone: "UTC", currency: "EUR" });
    const north = await org.addTeam("North");
    const ivan = await org.addRep("Ivan", [[north, "2025-01-01", "2025-03-16"]]);
    const olga = await org.addRep("Olga", [[north, "2025-03-20"]]);
    const pavel = await org.addRep("Pavel");
    const won = (owner: number, day: string, amount: number) =>
      org.addDeal({ createdAt: "2025-02-01T10:00:00Z", owner, amount, status: "won", wonAt: `2025-03-${day}T10:00:00Z`, path: [] });
    await won(ivan, "10", 100);
    await won(ivan, "25", 200);
    await won(olga, "12", 40);
    await won(olga, "28", 80);
    await won(pavel, "05", 7);
    const revenue = async (filters: MetricRequest["filters"]) =>
      (await computeMetrics(testDb.db, org.orgId, { metrics: ["revenue_won"], period: { period: "custom", from: "2025-03-01", to: "2025-03-31" }, filters }, new Date("2025-04-20T12:00:00Z")))
        .metrics[0]!.value;
    expect(await revenue({ teamIds: [north] })).toBe(180);
    expect(await revenue({ teamIds: [north], repIds: [ivan] })).toBe(100);
    expect(await revenue({ repIds: [pavel] })).toBe(7);
  });
});

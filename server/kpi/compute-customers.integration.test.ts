import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/test/db";
import { computeMetrics, type MetricsResponse } from "./compute";
import type { MetricRequest } from "./request";
import type { MetricResult } from "./results";
import { createSalesOrg } from "./test-fixtures";

const metric = (response: MetricsResponse, id: string): MetricResult => response.metrics.find((m) => m.id === id)!;
/** Adds won deals (created at `createdAt`, without stage history) of a customer, owned by a rep, to `org`. */
const winsIn = (org: Awaited<ReturnType<typeof createSalesOrg>>, createdAt: string) => (customer: number, owner: number, wonAt: string, amount: number) =>
  org.addDeal({ createdAt, customer, owner, amount, status: "won", wonAt, path: [] });
const rows = (result: MetricResult) => Object.fromEntries(result.breakdown!.map((row) => [row.key, row.amount === undefined ? row.value : [row.value, row.amount]]));

/**
 * A UTC org (EUR, churn window 90 days) asked on 20 May 2025 about April 2025. Active at 1 April: a won deal since
 * 1 January; active at 1 May: one since 31 January.
 * C1 (Ann): won 10 February (1 000) and 5 April (500, Ads): active at both ends, retained; April's is a repeat sale.
 * C2 (Bob): won 1 March 2024 (400, long before any window) and 15 January (2 000): active at the start, not at the
 *   end: churned, lifetime revenue 2 400.
 * C3 (Bob): first won 10 April (3 000, Outbound): new. C5 (Ann): first won 15 April (50, Ads): new.
 * C4 (Ann): won June 2024 (100) and again 20 April (600, Ads): reactivated, neither new nor retained; a repeat sale.
 * April spend: Ads 100, Outbound 300.
 */
describe("computeMetrics: customers", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let compute: (request: Omit<MetricRequest, "period"> & { period?: MetricRequest["period"] }) => Promise<MetricsResponse>;
  let bare: string;
  const ids: Record<string, number> = {};
  const now = new Date("2025-05-20T12:00:00Z");
  const april = { period: "custom", from: "2025-04-01", to: "2025-04-30" } as const;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const org = await createSalesOrg(testDb.db, { slug: "customers", timeZone: "UTC", currency: "EUR", churnWindowDays: 90 });
    compute = (request) => computeMetrics(testDb.db, org.orgId, { period: april, ...request }, now);
    const ann = await org.addRep("Ann");
    const bob = await org.addRep("Bob");
    const ads = await org.addChannel("Ads");
    const outbound = await org.addChannel("Outbound");
    Object.assign(ids, { ann, bob, ads, outbound });
    const won = async (customer: number, owner: number, wonAt: string, amount: number, channel?: number) =>
      org.addDeal({ createdAt: "2024-05-01T00:00:00Z", customer, owner, channel, amount, status: "won", wonAt, path: [] });
    const [c1, c2, c3, c4, c5] = await Promise.all(["C1", "C2", "C3", "C4", "C5"].map((name) => org.addCustomer(name)));
    await won(c1!, ann, "2025-02-10T00:00:00Z", 1_000, ads);
    await won(c1!, ann, "2025-04-05T00:00:00Z", 500, ads);
    await won(c2!, bob, "2024-03-01T00:00:00Z", 400, ads);
    await won(c2!, bob, "2025-01-15T00:00:00Z", 2_000, ads);
    await won(c3!, bob, "2025-04-10T00:00:00Z", 3_000, outbound);
    await won(c4!, ann, "2024-06-01T00:00:00Z", 100, ads);
    await won(c4!, ann, "2025-04-20T00:00:00Z", 600, ads);
    await won(c5!, ann, "2025-04-15T00:00:00Z", 50, ads);
    await org.addMarketingDay(ads, "2025-04-02", 100, 10);
    await org.addMarketingDay(outbound, "2025-04-03", 300, 0);
    bare = (await createSalesOrg(testDb.db, { slug: "nocustomers", timeZone: "UTC", currency: "EUR" })).orgId;
  });
  afterAll(() => testDb.drop());

  it("counts new customers by their first win and divides spend by them (cac), per channel", async () => {
    const response = await compute({ metrics: ["customers_new", "cac"] });
    expect(metric(response, "customers_new").value).toBe(2); // C3, C5
    expect(metric(response, "cac")).toMatchObject({ value: 200, inputs: { numerator: 400, denominator: 2 } });
    const byChannel = await compute({ metrics: ["cac"], breakdown: "channel" });
    expect(rows(metric(byChannel, "cac"))).toEqual({ [ids.ads!]: 100, [ids.outbound!]: 300 });
  });

  it("retains the customers active at the start who are still active at the end; a reactivated one counts on neither side", async () => {
    const response = await compute({ metrics: ["retention_rate", "churn_rate", "churn_by_rep"] });
    expect(metric(response, "retention_rate")).toMatchObject({ value: 0.5, inputs: { numerator: 1, denominator: 2 } });
    expect(metric(response, "churn_rate").value).toBe(0.5);
    // Per owning rep by default: Bob lost C2 with its 2 400 of lifetime revenue; Ann kept C1.
    const churned = metric(response, "churn_by_rep");
    expect(churned).toMatchObject({ value: 1, amount: 2_400 });
    expect(rows(churned)).toEqual({ [ids.ann!]: [0, 0], [ids.bob!]: [1, 2_400] });
  });

  it("gives a longer period's churn as a monthly rate too", async () => {
    // Q2 until now: the same two at the start; C2 is still churned on 20 May. 91 days ≈ 2.99 months.
    const churn = metric(await compute({ metrics: ["churn_rate"], period: { period: "this_quarter" } }), "churn_rate");
    const months = 91 / 30.436875;
    expect(churn.value).toBe(0.5);
    expect(churn.parts!.monthly).toBeCloseTo(1 - 0.5 ** (1 / months), 10);
  });

  it("counts repeat sales and won deals per channel, with revenue", async () => {
    const response = await compute({ metrics: ["repeat_sales_by_channel", "deals_by_channel"] });
    expect(rows(metric(response, "repeat_sales_by_channel"))).toEqual({ [ids.ads!]: [2, 1_100] }); // C1 500, C4 600
    const byChannel = metric(response, "deals_by_channel");
    expect(byChannel).toMatchObject({ value: 4, amount: 4_150 });
    expect(rows(byChannel)).toEqual({ [ids.ads!]: [3, 1_150], [ids.outbound!]: [1, 3_000] });
  });

  it("classes customers A/B/C by their share of the period's revenue", async () => {
    const abc = metric(await compute({ metrics: ["abc_customers"] }), "abc_customers");
    // C3 3 000 (before it 0: A), C4 600 (3 000 of 4 150 before it, 72%: A), C1 500 (86.7%: B), C5 50 (98.8%: C).
    expect(abc).toMatchObject({ value: 4, split: { A: 2, B: 1, C: 1 } });
    expect(abc.parts!.A).toBeCloseTo(3_600 / 4_150, 10);
  });

  it("says customers are needed where deals have none", async () => {
    const response = await computeMetrics(testDb.db, bare, { metrics: ["customers_new", "retention_rate"], period: april }, now);
    expect(response.metrics.map((m) => m.flags.needsData)).toEqual([["deals", "customers"], ["deals", "customers"]]);
  });
});

/**
 * Who a churned customer is credited to, and the retention window's edges. UTC, EUR, churn window 90 days, April 2025
 * asked on 20 May: active at 1 April with a win since 1 January; retained with a win since 31 January 00:00 (90 days
 * before 1 May) and before 1 May.
 * K1: won by Ann 5 January (100), by Bob 20 January (200), nothing since: churned, Bob's (the last win), 300.
 * K2: two wins at the same moment, 10 January 09:00, Ann's (50) then Bob's (70) deal: churned, Bob's (the later
 *   deal), 120.
 * K3 (Ann): won 15 January and 31 January 00:00, the window's first moment: retained.
 * K4 (Ann): won 10 January and 30 April 12:00, the period's last day: retained.
 */
describe("computeMetrics: churn credit and the retention window", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;

  beforeAll(async () => {
    testDb = await createTestDatabase();
  });
  afterAll(() => testDb.drop());

  it("credits a churned customer to the owner of its last win before the start, and keeps wins on the window's edges", async () => {
    const org = await createSalesOrg(testDb.db, { slug: "churn-credit", timeZone: "UTC", currency: "EUR", churnWindowDays: 90 });
    const ann = await org.addRep("Ann");
    const bob = await org.addRep("Bob");
    const [k1, k2, k3, k4] = await Promise.all(["K1", "K2", "K3", "K4"].map((name) => org.addCustomer(name)));
    const won = winsIn(org, "2024-12-01T00:00:00Z");
    await won(k1!, ann, "2025-01-05T00:00:00Z", 100);
    await won(k1!, bob, "2025-01-20T00:00:00Z", 200);
    await won(k2!, ann, "2025-01-10T09:00:00Z", 50);
    await won(k2!, bob, "2025-01-10T09:00:00Z", 70);
    await won(k3!, ann, "2025-01-15T00:00:00Z", 10);
    await won(k3!, ann, "2025-01-31T00:00:00Z", 10);
    await won(k4!, ann, "2025-01-10T00:00:00Z", 10);
    await won(k4!, ann, "2025-04-30T12:00:00Z", 10);

    const response = await computeMetrics(
      testDb.db,
      org.orgId,
      { metrics: ["retention_rate", "churn_by_rep"], period: { period: "custom", from: "2025-04-01", to: "2025-04-30" } },
      new Date("2025-05-20T12:00:00Z"),
    );
    expect(metric(response, "retention_rate")).toMatchObject({ value: 0.5, inputs: { numerator: 2, denominator: 4 } });
    const churned = metric(response, "churn_by_rep");
    expect(churned).toMatchObject({ value: 2, amount: 420 });
    expect(rows(churned)).toEqual({ [ann]: [0, 0], [bob]: [2, 420] });
  });

  /**
   * Churn window 30 days, shorter than the period; asked on 20 July 2025 at 12:00 (UTC). Q2: active at 1 April with a
   * win since 2 March; retained with a win since 1 June (the end less the window).
   * M1 (Ann): won 10 March (100) and 10 May (200): active, its May win not within the window before the end: churned, 300.
   * M2 (Bob): won 20 March and 15 June: retained. M3: won 25 March (Ann, 10) and 28 March (Bob, 20): Bob's, churned, 30.
   * M4 (Bob): won 1 February and 20 June: not active at the start. M5 (Ann): won 10 July, after Q2.
   * August (not begun): active at 1 August with a win since 2 July: M5, retained (a win since then, until now).
   */
  it("keeps only the customers who won within the window before the end when the period is longer, per team too; and a period not begun yet", async () => {
    const org = await createSalesOrg(testDb.db, { slug: "churn-window", timeZone: "UTC", currency: "EUR", churnWindowDays: 30 });
    const north = await org.addTeam("North");
    const south = await org.addTeam("South");
    const ann = await org.addRep("Ann", [[north, "2024-01-01"]]);
    const bob = await org.addRep("Bob", [[south, "2024-01-01"]]);
    const [m1, m2, m3, m4, m5] = await Promise.all(["M1", "M2", "M3", "M4", "M5"].map((name) => org.addCustomer(name)));
    const won = winsIn(org, "2025-01-01T00:00:00Z");
    await won(m1!, ann, "2025-03-10T00:00:00Z", 100);
    await won(m1!, ann, "2025-05-10T00:00:00Z", 200);
    await won(m2!, bob, "2025-03-20T00:00:00Z", 5);
    await won(m2!, bob, "2025-06-15T00:00:00Z", 5);
    await won(m3!, ann, "2025-03-25T00:00:00Z", 10);
    await won(m3!, bob, "2025-03-28T00:00:00Z", 20);
    await won(m4!, bob, "2025-02-01T00:00:00Z", 1);
    await won(m4!, bob, "2025-06-20T00:00:00Z", 1);
    await won(m5!, ann, "2025-07-10T00:00:00Z", 7);
    const at = new Date("2025-07-20T12:00:00Z");
    const q2 = { period: "custom", from: "2025-04-01", to: "2025-06-30" } as const;

    const quarter = await computeMetrics(testDb.db, org.orgId, { metrics: ["retention_rate", "churn_by_rep"], period: q2 }, at);
    expect(metric(quarter, "retention_rate")).toMatchObject({ value: 1 / 3, inputs: { numerator: 1, denominator: 3 } });
    expect(metric(quarter, "churn_by_rep")).toMatchObject({ value: 2, amount: 330 });
    expect(rows(metric(quarter, "churn_by_rep"))).toEqual({ [ann]: [1, 300], [bob]: [1, 30] });
    const byTeam = await computeMetrics(testDb.db, org.orgId, { metrics: ["churn_by_rep"], period: q2, breakdown: "team" }, at);
    expect(rows(metric(byTeam, "churn_by_rep"))).toEqual({ [north]: [1, 300], [south]: [1, 30] });
    const south_ = await computeMetrics(testDb.db, org.orgId, { metrics: ["retention_rate"], period: q2, filters: { teamIds: [south] } }, at);
    expect(metric(south_, "retention_rate")).toMatchObject({ inputs: { numerator: 1, denominator: 2 } });

    const august = { period: "custom", from: "2025-08-01", to: "2025-08-31" } as const;
    const ahead = await computeMetrics(testDb.db, org.orgId, { metrics: ["retention_rate", "churn_by_rep"], period: august }, at);
    expect(metric(ahead, "retention_rate")).toMatchObject({ value: 1, inputs: { numerator: 1, denominator: 1 } });
    expect(metric(ahead, "churn_by_rep")).toMatchObject({ value: 0 });
  });
});

/**
 * ltv by the history method, asked on 20 May 2025 at 12:00 (UTC, churn window 90 days: active since 19 February 12:00).
 * K1: won 20 January and 20 April 12:00 (1 000 each, margin 400 each): active, 120 days so far, 2 000.
 * K2: won 20 November 2024 12:00 (500, cost 300): lapsed 90 days later, a 90-day relationship, 500.
 * K3: first won 5 May 00:00 (100, margin 50): active, 15.5 days, 100; May's only new customer, against 1 000 of spend.
 */
describe("computeMetrics: lifetime value", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  const now = new Date("2025-05-20T12:00:00Z");
  const may = { period: "this_month" } as const;
  beforeAll(async () => {
    testDb = await createTestDatabase();
  });
  afterAll(() => testDb.drop());

  it("multiplies mean yearly revenue, gross margin and mean relationship years; ltv_cac divides it by cac", async () => {
    const org = await createSalesOrg(testDb.db, { slug: "ltv", timeZone: "UTC", currency: "EUR", churnWindowDays: 90 });
    const ads = await org.addChannel("Ads");
    const [k1, k2, k3] = await Promise.all(["K1", "K2", "K3"].map((name) => org.addCustomer(name)));
    const won = (customer: number, wonAt: string, amount: number, margin: { margin?: number; cost?: number }) =>
      org.addDeal({ createdAt: "2024-01-01T00:00:00Z", customer, channel: ads, amount, ...margin, status: "won", wonAt, path: [] });
    await won(k1!, "2025-01-20T12:00:00Z", 1_000, { margin: 400 });
    await won(k1!, "2025-04-20T12:00:00Z", 1_000, { margin: 400 });
    await won(k2!, "2024-11-20T12:00:00Z", 500, { cost: 300 });
    await won(k3!, "2025-05-05T00:00:00Z", 100, { margin: 50 });
    await org.addMarketingDay(ads, "2025-05-02", 1_000, 0);

    const response = await computeMetrics(testDb.db, org.orgId, { metrics: ["ltv", "ltv_cac"], period: may }, now);
    const year = 365.25;
    const yearly = (2_000 / (120 / year) + 500 / (90 / year) + 100 / (15.5 / year)) / 3;
    const years = (120 + 90 + 15.5) / 3 / year;
    const margin = (400 + 400 + 200 + 50) / 2_600;
    const ltv = metric(response, "ltv");
    expect(ltv.method).toBe("history");
    expect(ltv.value).toBeCloseTo(yearly * margin * years, 6);
    expect(ltv.parts).toMatchObject({ customers: 3 });
    // cac: 1 000 ÷ 1 new customer (K3).
    expect(metric(response, "ltv_cac").value).toBeCloseTo((yearly * margin * years) / 1_000, 9);
  });

  it("needs imported subscriptions for the subscription method", async () => {
    const org = await createSalesOrg(testDb.db, { slug: "saas", timeZone: "UTC", currency: "EUR", ltvMethod: "subscription" });
    const customer = await org.addCustomer("S1");
    await org.addDeal({ createdAt: "2025-05-01T00:00:00Z", customer, amount: 10, margin: 5, status: "won", wonAt: "2025-05-02T00:00:00Z", path: [] });
    const response = await computeMetrics(testDb.db, org.orgId, { metrics: ["ltv"], period: may }, now);
    expect(metric(response, "ltv")).toMatchObject({ value: null, method: "subscription", flags: { needsData: ["subscriptions"] } });
  });
});

/**
 * customer_acquisition_rate, in a UTC org asked on 20 May 2025 12:00. A contact is an outbound contact with a customer
 * through the activity's deal: a completed call or e-mail not inbound, or a meeting or demo that took place. Prospects
 * contacted in a period: customers with a contact in it and no won deal before its start, credited to the rep of
 * their first contact in it (on that contact's deal's channel); new: their first won deal is in the period. The
 * method is that of the customer's first contact ever (call → cold call, meeting or demo → in person).
 * P1 (deal Ads, won 10 April): call by Ann 3 March (first ever: cold call), e-mails by Bob 2 April and Ann 9 April.
 * P2 (open deal Ads): e-mail by Bob 5 April.
 * P3 (deal Outbound owned by Bob, won 20 April): demo held, performed by Ann on 8 April.
 * P4 (deal Ads, won 5 May): meeting held by Bob 12 April.
 * P5 (won 10 February, so already a customer; open deal Ads): calls by Bob 15 April and 6 May.
 * P6 (deal Ads, won 25 April): no contact: an inbound call, a meeting marked not held, a call not done, a task.
 * P7 (deal Ads, won 10 April): e-mail by Ann 28 March only.
 * Besides: a call on no deal and an e-mail on a deal without a customer (no customer to count).
 *
 * April: prospects P1 (Bob, Ads, cold call, new), P2 (Bob, Ads, e-mail), P3 (Ann, Outbound, in person, new),
 * P4 (Bob, Ads, in person; won after April): 2 ÷ 4 = 50%. Per method: cold call 1 ÷ 1, e-mail 0 ÷ 1, in person
 * 1 ÷ 2. Per rep: Ann 1 ÷ 1, Bob 1 ÷ 3. Per channel: Ads 1 ÷ 3 (P1, P2, P4), Outbound 1 ÷ 1 (P3).
 * customers_new in April is 4 (P1, P3, P6, P7): P6 was never contacted and P7 not in April.
 * March: P1 (call 3 March) and P7 (e-mail 28 March), neither won in March: 0 ÷ 2 = 0% (cold call 0, e-mail 0).
 * May: only P5 is contacted, an existing customer: no prospects, so no value (0 ÷ 0). January: nothing at all.
 */
describe("computeMetrics: customer acquisition rate", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let compute: (request: Omit<MetricRequest, "period"> & { period?: MetricRequest["period"] }) => Promise<MetricsResponse>;
  const ids: Record<string, number> = {};
  const now = new Date("2025-05-20T12:00:00Z");
  const april = { period: "custom", from: "2025-04-01", to: "2025-04-30" } as const;
  const rate = "customer_acquisition_rate";

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const org = await createSalesOrg(testDb.db, { slug: "acquisition", timeZone: "UTC", currency: "EUR" });
    compute = (request) => computeMetrics(testDb.db, org.orgId, { period: april, ...request }, now);
    const ann = await org.addRep("Ann");
    const bob = await org.addRep("Bob");
    const ads = await org.addChannel("Ads");
    const outbound = await org.addChannel("Outbound");
    Object.assign(ids, { ann, bob, ads, outbound });
    const [p1, p2, p3, p4, p5, p6, p7] = await Promise.all(["P1", "P2", "P3", "P4", "P5", "P6", "P7"].map((name) => org.addCustomer(name)));
    const deal = (customer: number | undefined, channel: number, wonAt?: string, owner = ann) =>
      org.addDeal({ createdAt: "2025-01-15T00:00:00Z", customer, owner, channel, amount: 100, path: [], ...(wonAt ? { status: "won" as const, wonAt } : {}) });
    const d1 = await deal(p1, ads, "2025-04-10T00:00:00Z");
    const d2 = await deal(p2, ads);
    const d3 = await deal(p3, outbound, "2025-04-20T00:00:00Z", bob);
    const d4 = await deal(p4, ads, "2025-05-05T00:00:00Z", bob);
    await deal(p5, ads, "2025-02-10T00:00:00Z");
    const d5 = await deal(p5, ads);
    const d6 = await deal(p6, ads, "2025-04-25T00:00:00Z");
    const d7 = await deal(p7, ads, "2025-04-10T00:00:00Z");
    const noCustomer = await deal(undefined, ads);
    const done = (type: "call" | "email", repId: number, dealId: number | undefined, at: string, direction: "inbound" | "outbound" = "outbound") =>
      org.addActivity({ type, direction, repId, dealId, createdAt: at, completedAt: at });
    const inPerson = (type: "meeting" | "demo", repId: number, dealId: number, at: string, meetingHeld: boolean) =>
      org.addActivity({ type, repId, dealId, createdAt: "2025-03-01T00:00:00Z", scheduledAt: at, completedAt: at, meetingHeld });
    await done("call", ann, d1, "2025-03-03T10:00:00Z");
    await done("email", bob, d1, "2025-04-02T10:00:00Z");
    await done("email", ann, d1, "2025-04-09T10:00:00Z");
    await done("email", bob, d2, "2025-04-05T10:00:00Z");
    await inPerson("demo", ann, d3, "2025-04-08T10:00:00Z", true);
    await inPerson("meeting", bob, d4, "2025-04-12T10:00:00Z", true);
    await done("call", bob, d5, "2025-04-15T10:00:00Z");
    await done("call", bob, d5, "2025-05-06T10:00:00Z");
    await done("call", ann, d6, "2025-04-10T10:00:00Z", "inbound");
    await inPerson("meeting", ann, d6, "2025-04-11T10:00:00Z", false);
    await org.addActivity({ type: "call", direction: "outbound", repId: ann, dealId: d6, createdAt: "2025-04-01T00:00:00Z", scheduledAt: "2025-04-12T10:00:00Z" });
    await org.addActivity({ type: "task", repId: ann, dealId: d6, createdAt: "2025-04-01T00:00:00Z", completedAt: "2025-04-13T10:00:00Z" });
    await done("email", ann, d7, "2025-03-28T10:00:00Z");
    await done("call", ann, undefined, "2025-04-03T10:00:00Z");
    await done("email", ann, noCustomer, "2025-04-04T10:00:00Z");
  });
  afterAll(() => testDb.drop());

  it("divides the new customers among the prospects contacted in the period by those prospects, per first-contact method", async () => {
    const response = await compute({ metrics: [rate, "customers_new"] });
    expect(metric(response, rate)).toMatchObject({
      value: 0.5,
      inputs: { numerator: 2, denominator: 4 },
      split: { cold_call: 1, email: 0, in_person: 0.5 },
      flags: { noValue: false, needsData: [] },
    });
    expect(metric(response, "customers_new").value).toBe(4);
  });

  it("gives a period whose prospects bought nothing a rate of 0, and one without prospects no value", async () => {
    const march = await compute({ metrics: [rate], period: { period: "custom", from: "2025-03-01", to: "2025-03-31" } });
    expect(metric(march, rate)).toMatchObject({ value: 0, inputs: { numerator: 0, denominator: 2 }, split: { cold_call: 0, email: 0 } });
    const may = await compute({ metrics: [rate], period: { period: "this_month" } });
    expect(metric(may, rate)).toMatchObject({ value: null, inputs: { numerator: 0, denominator: 0 }, split: {}, flags: { noValue: true } });
    const january = await compute({ metrics: [rate], period: { period: "custom", from: "2025-01-01", to: "2025-01-31" } });
    expect(metric(january, rate)).toMatchObject({ value: null, inputs: { numerator: 0, denominator: 0 }, flags: { noValue: true, needsData: [] } });
  });

  it("compares with the previous month", async () => {
    const response = await compute({ metrics: [rate], period: { period: "last_month" }, comparison: "previous_period" });
    expect(metric(response, rate)).toMatchObject({ value: 0.5, comparison: { value: 0, inputs: { numerator: 0, denominator: 2 } } });
  });

  it("credits a prospect to the rep of its first contact in the period, and splits and filters by the contact's deal", async () => {
    const byRep = metric(await compute({ metrics: [rate], breakdown: "rep" }), rate);
    expect(rows(byRep)).toEqual({ [ids.ann!]: 1, [ids.bob!]: 1 / 3 });
    const byChannel = metric(await compute({ metrics: [rate], breakdown: "channel" }), rate);
    expect(rows(byChannel)).toEqual({ [ids.ads!]: 1 / 3, [ids.outbound!]: 1 });
    const bob = metric(await compute({ metrics: [rate], filters: { repIds: [ids.bob!] } }), rate);
    expect(bob).toMatchObject({ value: 1 / 3, inputs: { numerator: 1, denominator: 3 }, split: { cold_call: 1, email: 0, in_person: 0 } });
  });

  it("needs activities as well as customers", async () => {
    const org = await createSalesOrg(testDb.db, { slug: "noactivities", timeZone: "UTC", currency: "EUR" });
    const customer = await org.addCustomer("Q1");
    await org.addDeal({ createdAt: "2025-04-01T00:00:00Z", customer, amount: 10, status: "won", wonAt: "2025-04-02T00:00:00Z", path: [] });
    const response = await computeMetrics(testDb.db, org.orgId, { metrics: [rate], period: april }, now);
    expect(metric(response, rate)).toMatchObject({ value: null, flags: { needsData: ["activities"] } });
  });
});

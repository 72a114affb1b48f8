import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import * as schema from "@/db/schema";
import { addMonths, resolvePeriod, zonedRange } from "@/lib/periods";
import { agencyOverview } from "@/server/agency/overview";
import { createTestDatabase } from "@/test/db";
import { computeMetricsForOrgs, computeMetricsForOrgsFresh, type MetricQuery, type MetricsResponse, type Periods } from "./compute";
import { loadOrgSettingsFor, type OrgSettings } from "./org-settings";
import { createSalesOrg } from "./test-fixtures";

const overviewMetrics = ["revenue_won", "plan_attainment", "leads_created", "win_rate", "conv_lead_won", "pipeline_coverage"];
const now = new Date("2025-03-20T12:00:00Z");
const value = (response: MetricsResponse, id: string) => response.metrics.find((m) => m.id === id)!.value;

/**
 * Five orgs asked on 20 March 2025 at 12:00 UTC, each in its own time zone and currency:
 * - Moscow (RUB, UTC+3, 90-day conversion window): won 60 000 on 5 March and 1 000 USD at 01:30 local on 15 March
 *   (the 15 March rate 95 → 95 000), a lead created at 00:30 local on 1 March, a lost deal, an owner change, a USD
 *   deal won in January, an open qualified deal expected in March; an org quota of 400 000 for March.
 * - New York (USD, DST from 9 March, 7-day window): won 5 000 at 23:30 local on 28 February (February there) and
 *   2 000 EUR at 23:30 local on 9 March (the 9 March rate 1.1 → 2 200); a deal won 13 days after its creation (outside
 *   the window); rep quotas only (the org's target is their sum); an open deal in a currency without a rate.
 * - Tokyo (JPY, UTC+9): won deals and leads, an open qualified deal, no plan.
 * - Kyiv (EUR): no data at all.
 * - Berlin (EUR): one won deal of 900, a team quota of 1 800, an open qualified deal of 2 000 without expected close
 *   date (its CRM gives none: coverage counts all open deals).
 */
describe("computeMetricsForOrgs: several orgs in one engine call", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let counting: { db: Db; sql: postgres.Sql; statements: number };
  let orgs: OrgSettings[];
  const id: Record<string, string> = {};

  const periodsFor = (kind: "overview" | "trend") =>
    new Map(
      orgs.map((org): [string, Periods] => {
        const period = resolvePeriod({ period: "this_month" }, org.timeZone, now);
        if (kind === "overview") return [org.id, { current: period.current, comparison: period.previous }];
        return [org.id, { current: zonedRange(addMonths(period.current.from, -5), period.current.to, org.timeZone) }];
      }),
    );

  /** The engine over `set` equals the engine for each org alone (both computed, nothing reused). */
  async function expectSameAsEachAlone(set: OrgSettings[], periods: Map<string, Periods>, request: MetricQuery) {
    const together = await computeMetricsForOrgsFresh(testDb.db, set, periods, request, now);
    expect([...together.keys()].sort()).toEqual(set.map((org) => org.id).sort());
    for (const org of set) {
      const alone = await computeMetricsForOrgsFresh(testDb.db, [org], new Map([[org.id, periods.get(org.id)!]]), request, now);
      expect(together.get(org.id)).toEqual(alone.get(org.id));
    }
    return together;
  }

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const { db } = testDb;

    const agency = await createSalesOrg(db, { slug: "agency", timeZone: "Europe/Moscow", currency: "RUB", kind: "agency" });
    const moscow = await createSalesOrg(db, { slug: "moscow", timeZone: "Europe/Moscow", currency: "RUB", agencyOrgId: agency.orgId });
    const anna = await moscow.addRep("Anna", [[await moscow.addTeam("East"), "2024-01-01"]]);
    const boris = await moscow.addRep("Boris");
    await moscow.addDeal({ createdAt: "2025-03-01T09:00:00Z", owner: anna, amount: 60_000, status: "won", wonAt: "2025-03-05T09:00:00Z",
      path: [["lead", "2025-03-01T09:00:00Z"], ["qualified", "2025-03-02T09:00:00Z"], ["won", "2025-03-05T09:00:00Z"]] });
    await moscow.addDeal({ createdAt: "2025-02-10T09:00:00Z", owner: boris, amount: 1_000, currency: "USD", status: "won", wonAt: "2025-03-14T22:30:00Z",
      path: [["lead", "2025-02-10T09:00:00Z"], ["proposal", "2025-02-20T09:00:00Z"], ["won", "2025-03-14T22:30:00Z"]],
      ownerChanges: [[anna, boris, "2025-03-01T00:00:00Z"]] });
    await moscow.addDeal({ createdAt: "2025-02-28T21:30:00Z", owner: anna, path: [["lead", "2025-02-28T21:30:00Z"]] });
    await moscow.addDeal({ createdAt: "2025-03-02T09:00:00Z", owner: boris, amount: 7_000, status: "lost", lostAt: "2025-03-10T09:00:00Z",
      path: [["lead", "2025-03-02T09:00:00Z"], ["qualified", "2025-03-03T09:00:00Z"], ["lost", "2025-03-10T09:00:00Z"]] });
    await moscow.addDeal({ createdAt: "2025-01-02T09:00:00Z", owner: anna, amount: 100, currency: "USD", status: "won", wonAt: "2025-01-15T09:00:00Z",
      path: [["lead", "2025-01-02T09:00:00Z"], ["won", "2025-01-15T09:00:00Z"]] });
    await moscow.addDeal({ createdAt: "2025-03-03T09:00:00Z", owner: anna, amount: 100_000, expectedCloseDate: "2025-03-25",
      path: [["lead", "2025-03-03T09:00:00Z"], ["qualified", "2025-03-04T09:00:00Z"]] });
    await moscow.addRate("USD", "2025-01-01", 80);
    await moscow.addRate("USD", "2025-03-01", 90);
    await moscow.addRate("USD", "2025-03-15", 95);
    await moscow.addQuotas([{ scope: "org", periodStart: "2025-03-01", target: 400_000 }, { scope: "rep", repId: anna, periodStart: "2025-03-01", target: 300_000 }]);

    const newYork = await createSalesOrg(db, { slug: "new-york", timeZone: "America/New_York", currency: "USD", conversionWindowDays: 7, agencyOrgId: agency.orgId });
    const nia = await newYork.addRep("Nia");
    const ned = await newYork.addRep("Ned");
    await newYork.addDeal({ createdAt: "2025-02-20T15:00:00Z", owner: nia, amount: 5_000, status: "won", wonAt: "2025-03-01T04:30:00Z",
      path: [["lead", "2025-02-20T15:00:00Z"], ["qualified", "2025-02-21T15:00:00Z"], ["won", "2025-03-01T04:30:00Z"]] });
    await newYork.addDeal({ createdAt: "2025-03-03T15:00:00Z", owner: ned, amount: 2_000, currency: "EUR", status: "won", wonAt: "2025-03-10T03:30:00Z",
      path: [["lead", "2025-03-03T15:00:00Z"], ["qualified", "2025-03-04T15:00:00Z"], ["won", "2025-03-10T03:30:00Z"]] });
    await newYork.addDeal({ createdAt: "2025-03-02T15:00:00Z", owner: nia, amount: 3_000, status: "won", wonAt: "2025-03-15T15:00:00Z",
      path: [["lead", "2025-03-02T15:00:00Z"], ["qualified", "2025-03-05T15:00:00Z"], ["won", "2025-03-15T15:00:00Z"]] });
    await newYork.addDeal({ createdAt: "2025-03-04T15:00:00Z", owner: ned, status: "lost", lostAt: "2025-03-12T15:00:00Z",
      path: [["lead", "2025-03-04T15:00:00Z"], ["qualified", "2025-03-05T15:00:00Z"], ["lost", "2025-03-12T15:00:00Z"]] });
    await newYork.addDeal({ createdAt: "2025-03-06T15:00:00Z", owner: ned, amount: 8_000, expectedCloseDate: "2025-03-28",
      path: [["lead", "2025-03-06T15:00:00Z"], ["qualified", "2025-03-07T15:00:00Z"]] });
    await newYork.addDeal({ createdAt: "2025-03-06T15:00:00Z", owner: nia, amount: 900, currency: "GBP", expectedCloseDate: "2025-03-29",
      path: [["lead", "2025-03-06T15:00:00Z"], ["proposal", "2025-03-08T15:00:00Z"]] });
    await newYork.addRate("EUR", "2025-03-09", 1.1);
    await newYork.addRate("EUR", "2025-03-10", 1.2);
    await newYork.addQuotas([{ scope: "rep", repId: nia, periodStart: "2025-03-01", target: 6_000 }, { scope: "rep", repId: ned, periodStart: "2025-03-01", target: 4_000 }]);

    const tokyo = await createSalesOrg(db, { slug: "tokyo", timeZone: "Asia/Tokyo", currency: "JPY", agencyOrgId: agency.orgId });
    const taro = await tokyo.addRep("Taro");
    await tokyo.addDeal({ createdAt: "2025-02-28T16:00:00Z", owner: taro, amount: 300_000, status: "won", wonAt: "2025-03-03T01:00:00Z",
      path: [["lead", "2025-02-28T16:00:00Z"], ["won", "2025-03-03T01:00:00Z"]] });
    await tokyo.addDeal({ createdAt: "2025-03-10T01:00:00Z", owner: taro, amount: 50_000, path: [["lead", "2025-03-10T01:00:00Z"], ["qualified", "2025-03-11T01:00:00Z"]] });
    await tokyo.addDeal({ createdAt: "2024-12-10T01:00:00Z", owner: taro, amount: 70_000, status: "won", wonAt: "2024-12-20T01:00:00Z",
      path: [["lead", "2024-12-10T01:00:00Z"], ["won", "2024-12-20T01:00:00Z"]] });

    const kyiv = await createSalesOrg(db, { slug: "kyiv", timeZone: "Europe/Kyiv", currency: "EUR", agencyOrgId: agency.orgId });

    const berlin = await createSalesOrg(db, { slug: "berlin", timeZone: "Europe/Berlin", currency: "EUR", agencyOrgId: agency.orgId });
    const team = await berlin.addTeam("Nord");
    const bea = await berlin.addRep("Bea", [[team, "2024-01-01"]]);
    await berlin.addDeal({ createdAt: "2025-03-01T09:00:00Z", owner: bea, amount: 900, status: "won", wonAt: "2025-03-11T09:00:00Z",
      path: [["lead", "2025-03-01T09:00:00Z"], ["qualified", "2025-03-02T09:00:00Z"], ["won", "2025-03-11T09:00:00Z"]] });
    await berlin.addDeal({ createdAt: "2025-03-05T09:00:00Z", owner: bea, amount: 2_000, path: [["lead", "2025-03-05T09:00:00Z"], ["qualified", "2025-03-06T09:00:00Z"]] });
    await berlin.addQuotas([{ scope: "team", teamId: team, periodStart: "2025-03-01", target: 1_800 }]);

    // A second agency with two small clients, for the overview's statement count.
    const small = await createSalesOrg(db, { slug: "small-agency", timeZone: "Europe/Moscow", currency: "RUB", kind: "agency" });
    for (const slug of ["s1", "s2"]) {
      const client = await createSalesOrg(db, { slug, timeZone: "Europe/Moscow", currency: "RUB", agencyOrgId: small.orgId });
      await client.addDeal({ createdAt: "2025-03-01T09:00:00Z", amount: 10, status: "won", wonAt: "2025-03-02T09:00:00Z", path: [["lead", "2025-03-01T09:00:00Z"], ["won", "2025-03-02T09:00:00Z"]] });
    }

    Object.assign(id, { agency: agency.orgId, small: small.orgId, moscow: moscow.orgId, newYork: newYork.orgId, tokyo: tokyo.orgId, kyiv: kyiv.orgId, berlin: berlin.orgId });
    const settings = await loadOrgSettingsFor(db, [moscow.orgId, newYork.orgId, tokyo.orgId, kyiv.orgId, berlin.orgId]);
    orgs = ["moscow", "newYork", "tokyo", "kyiv", "berlin"].map((key) => settings.find((org) => org.id === id[key])!);

    // The same database through a client that counts the statements sent.
    const client = postgres(testDb.url, { max: 4, onnotice: () => {}, debug: (_connection: number, query: string) => {
      // Not the array types postgres.js reads once per new connection, nor the transaction and planner settings
      // around a statement (executeHashed).
      if (!query.includes("pg_catalog.pg_type") && !/^\s*(begin|commit|set local)\b/i.test(query)) counting.statements++;
    } });
    counting = { db: drizzle(client, { schema, casing: "snake_case" }) as unknown as Db, sql: client, statements: 0 };
  });

  afterAll(async () => {
    await counting?.sql.end();
    await testDb?.drop();
  });

  const orgNamed = (key: string) => orgs.find((org) => org.id === id[key])!;

  it("gives each org the overview metrics computeMetricsFor gives it alone, in its own time zone, currency and plan", async () => {
    const together = await expectSameAsEachAlone(orgs, periodsFor("overview"), { metrics: overviewMetrics });
    const of = (key: string) => together.get(id[key]!)!;

    expect(value(of("moscow"), "revenue_won")).toBe(155_000);
    expect(value(of("moscow"), "plan_attainment")).toBeCloseTo(155_000 / 400_000);
    // The lead created at 00:30 on 1 March Moscow time is March's there.
    expect(value(of("moscow"), "leads_created")).toBe(4);
    // New York: the deal won at 23:30 on 28 February local time is February's; the EUR deal takes the 9 March rate.
    expect(value(of("newYork"), "revenue_won")).toBe(5_200);
    expect(of("newYork").metrics.find((m) => m.id === "plan_attainment")!.plan?.target).toBe(10_000);
    // Won 13 days after creation: outside New York's 7-day conversion window.
    expect(value(of("newYork"), "conv_lead_won")).toBeCloseTo(1 / 5);
    expect(of("newYork").currency).toBe("USD");
    // Tokyo has no plan.
    expect(value(of("tokyo"), "revenue_won")).toBe(300_000);
    expect(of("tokyo").metrics.find((m) => m.id === "plan_attainment")!.flags.needsData).toEqual(["quotas"]);
    // Kyiv has no data: every metric says what it lacks.
    expect(of("kyiv").metrics.every((m) => m.value === null && m.flags.needsData.length > 0)).toBe(true);
    expect(value(of("berlin"), "plan_attainment")).toBeCloseTo(0.5);
    // Berlin's CRM gives no expected close dates: all 2 000 open against the 900 left of the plan; Moscow's does.
    const berlinCoverage = of("berlin").metrics.find((m) => m.id === "pipeline_coverage")!;
    expect(berlinCoverage.flags.allOpenDeals).toBe(true);
    expect(berlinCoverage.value).toBeCloseTo(2_000 / 900);
    expect(of("moscow").metrics.find((m) => m.id === "pipeline_coverage")!.flags.allOpenDeals).toBeUndefined();
  });

  it("gives each org its months of revenue in its own time zone", async () => {
    const together = await expectSameAsEachAlone(orgs, periodsFor("trend"), { metrics: ["revenue_won"], breakdown: "month" });
    const months = (key: string) => together.get(id[key]!)!.metrics[0]!.breakdown!.map((row) => [row.key, row.value]);
    expect(months("newYork").slice(-2)).toEqual([["2025-02-01", 5_000], ["2025-03-01", 5_200]]);
    expect(months("moscow")).toContainEqual(["2025-01-01", 8_000]);
    expect(months("tokyo")).toContainEqual(["2024-12-01", 70_000]);
    expect(together.get(id.kyiv!)!.metrics[0]!.flags.needsData).toEqual(["deals"]);
  });

  it("splits per rep and per team as each org alone does (owner at the moment, team then)", async () => {
    const periods = periodsFor("overview");
    await expectSameAsEachAlone(orgs, periods, { metrics: ["revenue_won", "win_rate", "plan_attainment", "share_at_quota"], breakdown: "rep" });
    await expectSameAsEachAlone(orgs, periods, { metrics: ["revenue_won", "leads_created", "conv_lead_won", "pipeline_coverage"], breakdown: "team" });
  });

  it("runs the same number of statements for two orgs as for five", async () => {
    const count = async (set: OrgSettings[], periods: Map<string, Periods>, request: MetricQuery) => {
      counting.statements = 0;
      await computeMetricsForOrgsFresh(counting.db, set, periods, request, now);
      return counting.statements;
    };
    const two = [orgNamed("moscow"), orgNamed("newYork")];
    const overview = { metrics: overviewMetrics };
    const forTwo = await count(two, periodsFor("overview"), overview);
    expect(forTwo).toBeGreaterThan(0);
    expect(forTwo).toBeLessThanOrEqual(8);
    expect(await count(orgs, periodsFor("overview"), overview)).toBe(forTwo);
    const trend = { metrics: ["revenue_won"], breakdown: "month" as const };
    expect(await count(orgs, periodsFor("trend"), trend)).toBe(await count(two, periodsFor("trend"), trend));
  });

  it("builds the agency overview in as many statements for five clients as for two", async () => {
    const statementsFor = async (agencyId: string, clients: number) => {
      await testDb.sql`delete from kpi_results_cache`; // computed, not reused
      counting.statements = 0;
      const overview = await agencyOverview(counting.db, { id: agencyId, timeZone: "Europe/Moscow" }, { period: "this_month" }, now);
      expect(overview.clients).toHaveLength(clients);
      return counting.statements;
    };
    expect(await statementsFor(id.agency!, 5)).toBe(await statementsFor(id.small!, 2));
  });

  it("refuses metrics whose base computes for one org at a time", async () => {
    await expect(computeMetricsForOrgs(testDb.db, orgs, periodsFor("overview"), { metrics: ["revenue_won", "pipeline_value"] }, now)).rejects.toThrow(/pipeline_value/);
  });
});

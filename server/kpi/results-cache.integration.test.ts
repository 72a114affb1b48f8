import { afterAll, beforeAll, describe, expect, it } from "vitest";
import postgres from "postgres";
import { createTestDatabase } from "@/test/db";
import { computeMetrics } from "./compute";
import { RESULTS_SLOT_MS, withResultsCache, type Reuse } from "./results-cache";
import { createSalesOrg } from "./test-fixtures";

/** Tables with org_id the engine does not read: writing them leaves computed results valid. */
const notEngineInputs = [
  "agency_templates", "api_keys", "dashboards", "data_sources", "invitations", "invoices", "memberships", "subscriptions",
  "sync_checkpoints", "sync_left_out_deals", "sync_run_errors", "sync_runs",
  // Rollups written only by the triggers of the tables they summarize (which note the change themselves).
  "deal_facts", "deal_stage_stays", "deal_events", "deal_days", "deal_open_spans", "deal_stage_reach", "customer_wins",
  // The cache itself.
  "kpi_results_cache", "org_data_changes",
];

const now = new Date("2025-03-20T12:00:00Z");
const revenue = { metrics: ["revenue_won"], period: { period: "this_month" as const } };

describe("KPI results cache", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let org: Awaited<ReturnType<typeof createSalesOrg>>;
  let other: Awaited<ReturnType<typeof createSalesOrg>>;
  let computed: string[][];

  /** withResultsCache over the two orgs, each org's "result" its deal count, counting what had to be computed. */
  const dealCounts = (at = now, orgIds = [org.orgId, other.orgId], during?: () => Promise<void>) =>
    withResultsCache(testDb.db, orgIds, (id) => `deal-count:${id}`, at, async (ids) => {
      computed.push(ids);
      await during?.();
      const rows = await testDb.sql<{ org_id: string; n: number }[]>`
        select o.id as org_id, (select count(*)::int from deals d where d.org_id = o.id) as n from organizations o where o.id in ${testDb.sql(ids)}`;
      return new Map(rows.map((row) => [row.org_id, row.n]));
    });

  beforeAll(async () => {
    testDb = await createTestDatabase();
    org = await createSalesOrg(testDb.db, { slug: "cached", timeZone: "Europe/Moscow", currency: "RUB" });
    other = await createSalesOrg(testDb.db, { slug: "other", timeZone: "Europe/Berlin", currency: "EUR" });
    await org.addDeal({ createdAt: "2025-03-02T09:00:00Z", path: [["won", "2025-03-05T09:00:00Z"]], status: "won", wonAt: "2025-03-05T09:00:00Z", amount: 60_000, currency: "RUB" });
  });
  afterAll(() => testDb.drop());

  it("reuses a result while nothing of its org changed, and only within the same time slot", async () => {
    computed = [];
    expect(await dealCounts()).toEqual(new Map([[org.orgId, 1], [other.orgId, 0]]));
    expect(await dealCounts()).toEqual(new Map([[org.orgId, 1], [other.orgId, 0]]));
    expect(computed).toEqual([[org.orgId, other.orgId]]);
    await dealCounts(new Date(now.getTime() + RESULTS_SLOT_MS));
    expect(computed).toHaveLength(2);
  });

  it("computes again the org whose data changed, and only that org", async () => {
    await dealCounts();
    computed = [];
    await other.addDeal({ createdAt: "2025-03-03T09:00:00Z", path: [] });
    expect(await dealCounts()).toEqual(new Map([[org.orgId, 1], [other.orgId, 1]]));
    expect(computed).toEqual([[other.orgId]]);
  });

  const dealsOf = async (orgId: string) => (await testDb.sql<{ n: number }[]>`select count(*)::int as n from deals where org_id = ${orgId}`)[0]!.n;

  it("does not reuse a result computed while a change was committed", async () => {
    const slot = new Date(now.getTime() + 2 * RESULTS_SLOT_MS);
    const before = await dealsOf(org.orgId);
    computed = [];
    // The change commits after the result's snapshot was taken, before the result is stored.
    await dealCounts(slot, [org.orgId], async () => {
      await org.addDeal({ createdAt: "2025-03-04T09:00:00Z", path: [] });
    });
    expect((await dealCounts(slot, [org.orgId])).get(org.orgId)).toBe(before + 1);
    expect(computed).toHaveLength(2);
  });

  it("does not reuse a result computed while a change was in progress, once it commits", async () => {
    const slot = new Date(now.getTime() + 3 * RESULTS_SLOT_MS);
    const before = await dealsOf(org.orgId);
    await dealCounts(slot, [org.orgId]);
    const writer = postgres(testDb.url, { max: 1, onnotice: () => {} });
    let commit!: () => void;
    const committed = new Promise<void>((resolve) => (commit = resolve));
    let started!: () => void;
    const inProgress = new Promise<void>((resolve) => (started = resolve));
    const transaction = writer.begin(async (tx) => {
      await tx`insert into deals (org_id, pipeline_id, status, created_at)
        select ${org.orgId}, p.id, 'open', '2025-03-06T09:00:00Z' from pipelines p where p.org_id = ${org.orgId}`;
      started();
      await committed;
    });
    await inProgress;
    computed = [];
    // Nothing committed yet: the stored result stands.
    expect((await dealCounts(slot, [org.orgId])).get(org.orgId)).toBe(before);
    expect(computed).toHaveLength(0);
    // Computed again (another change) while the first transaction is still open, and stored without its deal.
    await org.addDeal({ createdAt: "2025-03-07T09:00:00Z", path: [] });
    expect((await dealCounts(slot, [org.orgId])).get(org.orgId)).toBe(before + 1);
    commit();
    await transaction;
    await writer.end();
    expect((await dealCounts(slot, [org.orgId])).get(org.orgId)).toBe(before + 2);
    expect(computed).toHaveLength(2);
  });

  /** A computation of dealCounts held open: `started` resolves once it runs, `release` lets it finish. */
  const heldComputation = (slot: Date) => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let began!: () => void;
    const started = new Promise<void>((resolve) => (began = resolve));
    const result = dealCounts(slot, [org.orgId], async () => {
      began();
      await held;
    });
    return { started, release, result };
  };

  it("gives a second caller the response being computed for the same request, unless its org changed since it began", async () => {
    const slot = new Date(now.getTime() + 4 * RESULTS_SLOT_MS);
    const before = await dealsOf(org.orgId);
    computed = [];
    const first = heldComputation(slot);
    await first.started;
    const second = dealCounts(slot, [org.orgId]);
    const third = dealCounts(slot, [org.orgId, other.orgId]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // The other org is not being computed: the third caller computes it alone, and waits for the first for this org.
    expect(computed).toEqual([[org.orgId], [other.orgId]]);
    first.release();
    expect((await first.result).get(org.orgId)).toBe(before);
    expect((await second).get(org.orgId)).toBe(before);
    expect((await third).get(org.orgId)).toBe(before);
    expect(computed).toHaveLength(2);

    // A change committed after the first computation began: a caller then does not take its response.
    const slot2 = new Date(slot.getTime() + RESULTS_SLOT_MS);
    computed = [];
    const stale = heldComputation(slot2);
    await stale.started;
    await org.addDeal({ createdAt: "2025-03-05T10:00:00Z", path: [] });
    expect((await dealCounts(slot2, [org.orgId])).get(org.orgId)).toBe(before + 1);
    stale.release();
    await stale.result;
    expect(computed).toHaveLength(2);
  });

  it("shows a view an earlier slot's response while its org is unchanged, and computes it again behind it", async () => {
    const at = new Date(now.getTime() + 10 * RESULTS_SLOT_MS);
    const refreshes: Promise<void>[] = [];
    let gate!: () => void;
    const opened = new Promise<void>((resolve) => (gate = resolve));
    const counts = (when: Date, reuse?: Reuse, wait = false) =>
      withResultsCache(testDb.db, [org.orgId], () => "stale-test", when, async (ids) => {
        computed.push(ids);
        if (wait) await opened;
        return new Map([[org.orgId, { n: await dealsOf(org.orgId), when: when.toISOString() }]]);
      }, reuse);
    const view = { staleUpToMs: 30 * 60 * 1000, onRefresh: (refresh: Promise<void>) => void refreshes.push(refresh) };
    computed = [];
    const first = await counts(at, view);
    // Six minutes on (the next slot), nothing changed: the stored response at once, its refresh held back meanwhile.
    const later = new Date(at.getTime() + 6 * 60 * 1000);
    expect(await counts(later, view, true)).toEqual(first);
    expect(refreshes).toHaveLength(1);
    gate();
    await refreshes[0];
    expect(computed).toHaveLength(2);
    // The refresh stored the later slot's response: a caller that takes no older ones finds it.
    expect((await counts(later)).get(org.orgId)).toEqual({ n: first.get(org.orgId)!.n, when: later.toISOString() });
    expect(computed).toHaveLength(2);
    // Without permission an earlier slot's response is not given; nor beyond the allowed age; nor after a change.
    await counts(new Date(later.getTime() + RESULTS_SLOT_MS));
    expect(computed).toHaveLength(3);
    await counts(new Date(later.getTime() + 40 * 60 * 1000), view);
    expect(computed).toHaveLength(4);
    await org.addDeal({ createdAt: "2025-03-09T09:00:00Z", path: [] });
    const changed = await counts(new Date(later.getTime() + 45 * 60 * 1000), view);
    expect(changed.get(org.orgId)!.n).toBe(first.get(org.orgId)!.n + 1);
    expect(computed).toHaveLength(5);
    expect(refreshes).toHaveLength(1);
  });

  it("gives the engine's new numbers after every kind of change to the org's inputs, at the same moment", async () => {
    const revenueWon = async () => (await computeMetrics(testDb.db, org.orgId, revenue, now)).metrics[0]!;
    expect((await revenueWon()).value).toBe(60_000);
    await org.addDeal({ createdAt: "2025-03-08T09:00:00Z", path: [["won", "2025-03-10T09:00:00Z"]], status: "won", wonAt: "2025-03-10T09:00:00Z", amount: 100, currency: "USD" });
    expect((await revenueWon()).excluded?.noRate).toBe(1);
    await testDb.sql`insert into exchange_rates (org_id, currency, day, rate) values (${org.orgId}, 'USD', '2025-03-01', 90)`;
    expect((await revenueWon()).value).toBe(69_000);
    await testDb.sql`update exchange_rates set rate = 95 where org_id = ${org.orgId}`;
    expect((await revenueWon()).value).toBe(69_500);
    // The deal turns out lost.
    await testDb.sql`update deals set status = 'lost', lost_at = won_at, won_at = null where org_id = ${org.orgId} and amount = 100`;
    expect((await revenueWon()).value).toBe(60_000);
    // Org settings: the currency is the org's row.
    await testDb.sql`update organizations set currency = 'USD' where id = ${org.orgId}`;
    const inUsd = await computeMetrics(testDb.db, org.orgId, revenue, now);
    expect(inUsd.currency).toBe("USD");
    await testDb.sql`update organizations set currency = 'RUB' where id = ${org.orgId}`;
    await testDb.sql`delete from deals where org_id = ${org.orgId} and amount = 60000`;
    expect((await revenueWon()).value).toBe(0);
  });

  it("notes writes to every table with org_id that the engine reads", async () => {
    const tables = await testDb.sql<{ table: string; noted: number }[]>`
      select c.relname as table,
        (select count(*)::int from pg_trigger t where t.tgrelid = c.oid and t.tgname like '%\_noted\_%') as noted
      from pg_class c join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
      where c.relkind = 'r' and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'org_id' and not a.attisdropped)`;
    const unnoted = tables.filter((t) => t.noted !== 3 && !notEngineInputs.includes(t.table)).map((t) => t.table);
    expect(unnoted).toEqual([]);
    expect(tables.filter((t) => t.noted === 3).length).toBeGreaterThanOrEqual(18);
    // Every write statement to such a table notes its transaction for each org it touched.
    const [before] = await testDb.sql<{ n: number }[]>`select count(*)::int as n from org_data_changes where org_id = ${other.orgId}`;
    await testDb.sql`
      with t as (insert into teams (org_id, name) values (${other.orgId}, 'T') returning id),
        r as (insert into reps (org_id, name) values (${other.orgId}, 'R') returning id)
      insert into team_memberships (org_id, team_id, rep_id, valid_from) select ${other.orgId}, t.id, r.id, '2025-01-01' from t, r`;
    const [after] = await testDb.sql<{ n: number }[]>`select count(*)::int as n from org_data_changes where org_id = ${other.orgId}`;
    expect(after!.n).toBe(before!.n + 1);
  });
});

import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Sql } from "@/db/client";
import { memberships, organizations, users } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { datasetDigest } from "./dataset-digest";
import { DEMO_SEED, ensureDemoCompany } from "./demo-company";
import { loadDemoDataset } from "./load-dataset";

/** An organization's KPI rollups, one line per row with deals and stages by external id (comparable across orgs). */
const rollupLines = async (sql: Sql, orgId: string) =>
  (
    await sql.unsafe(
      `select concat_ws('|', 'facts', d.external_id, f.qualified_at, f.meeting_scheduled_at, f.meeting_held_at, f.proposal_at,
         f.won_at, f.fulfilled_at, f.lost_entered_at, ls.external_id, f.last_stage_at, f.last_step) as line
       from deal_facts f join deals d on d.org_id = f.org_id and d.id = f.deal_id left join stages ls on ls.org_id = f.org_id and ls.id = f.last_stage_id
       where f.org_id = $1
       union all
       select concat_ws('|', 'stay', d.external_id, s.external_id, t.entered_at, t.left_at, t.prior, t.next_left_at)
       from deal_stage_stays t join deals d on d.org_id = t.org_id and d.id = t.deal_id join stages s on s.org_id = t.org_id and s.id = t.stage_id
       where t.org_id = $1
       union all
       select concat_ws('|', 'reach', d.external_id, s.external_id, r.deal_created_at, r.entered_at, r.advanced_at)
       from deal_stage_reach r join deals d on d.org_id = r.org_id and d.id = r.deal_id join stages s on s.org_id = r.org_id and s.id = r.stage_id
       where r.org_id = $1
       union all
       select concat_ws('|', 'event', d.external_id, e.kind, e.at, e.qualified, e.amount, e.currency, e.margin, e.provided, e.winnable,
         e.qualified_at, e.proposal_at, e.won_at, e.first_response_at, e.followed_up_at)
       from deal_events e join deals d on d.org_id = e.org_id and d.id = e.deal_id
       where e.org_id = $1
       union all
       select concat_ws('|', 'open', d.external_id, o.since, o.until, o.has_history, s.external_id, o.qualified_at, o.amount)
       from deal_open_spans o join deals d on d.org_id = o.org_id and d.id = o.deal_id left join stages s on s.org_id = o.org_id and s.id = o.stage_id
       where o.org_id = $1
       union all
       select concat_ws('|', 'day', t.kind, t.day, s.external_id, r.external_id, p.external_id, c.external_id, l.external_id, t.currency,
         t.n, t.amount_sum::float8, t.margin_sum::float8, t.seconds_sum::float8, t.qualified_n, t.reached_qualified_n, t.answered_n,
         t.response_seconds_sum::float8, t.followed_up_n, t.advanced_n,
         (select array_agg(x order by x) from unnest(t.days) x), (select array_agg(x order by x) from unnest(t.responses) x))
       from deal_days t left join stages s on s.org_id = t.org_id and s.id = t.stage_id left join reps r on r.org_id = t.org_id and r.id = t.credited_rep_id
       left join pipelines p on p.org_id = t.org_id and p.id = t.pipeline_id left join channels c on c.org_id = t.org_id and c.id = t.channel_id
       left join loss_reasons l on l.org_id = t.org_id and l.id = t.loss_reason_id
       where t.org_id = $1
       union all
       select concat_ws('|', 'win', d.external_id, w.won_at, w.next_won_at, w.first_win, w.amount, w.currency)
       from customer_wins w join deals d on d.org_id = w.org_id and d.id = w.deal_id
       where w.org_id = $1
       order by 1`,
      [orgId],
    )
  ).map((row) => row.line as string);

describe("ensureDemoCompany", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    testDb = await createTestDatabase();
  });
  afterAll(() => testDb.drop());

  it("creates the demo company, its viewer and a year of data once, even when started twice at the same time", async () => {
    const now = new Date("2026-06-01T08:00:00Z");
    const results = await Promise.all([ensureDemoCompany(testDb.db, now), ensureDemoCompany(testDb.db, now)]);
    expect(results.filter((r) => r.loaded).map((r) => r.loaded!.deals)).toEqual([5200]);
    expect(results[0]!.orgId).toBe(results[1]!.orgId);

    const orgs = await testDb.db.select().from(organizations);
    expect(orgs).toEqual([
      expect.objectContaining({ slug: "demo", name: "Northwind Furniture", isDemo: true, currency: "USD", timeZone: "Europe/Kyiv", locale: "en" }),
    ]);
    const viewers = await testDb.db
      .select({ email: users.email, name: users.name, passwordHash: users.passwordHash, role: memberships.role })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId));
    expect(viewers).toEqual([{ email: "demo@salespulse.local", name: "Demo viewer", passwordHash: null, role: "viewer" }]);
  });

  it("leaves an existing demo company as it is", async () => {
    const [demo] = await testDb.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, "demo"));
    const before = await datasetDigest(testDb.sql, demo!.id);
    const again = await ensureDemoCompany(testDb.db, new Date("2026-07-01T08:00:00Z"));
    expect(again).toEqual({ orgId: demo!.id, loaded: null });
    expect(await datasetDigest(testDb.sql, demo!.id)).toEqual(before);
    expect(await testDb.db.select({ id: memberships.userId }).from(memberships)).toHaveLength(1);
  });

  it("builds the KPI rollups the triggers would have kept, and notes the change", async () => {
    // The demo was loaded with triggers off (the test role is a superuser) and its rollups rebuilt after; the same
    // data loaded into another organization with the triggers on, chunk by chunk, has the same rollups.
    const now = new Date("2026-06-01T08:00:00Z");
    const [demo] = await testDb.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, "demo"));
    const [twin] = await testDb.db.insert(organizations).values({ name: "Twin", slug: "twin", currency: "USD", timeZone: "Europe/Kyiv" }).returning();
    await loadDemoDataset(testDb.db, twin!.id, { seed: DEMO_SEED, scale: 1, now, chunkSize: 700 });
    const rebuilt = await rollupLines(testDb.sql, demo!.id);
    expect(rebuilt.length).toBeGreaterThan(40_000);
    expect(rebuilt).toEqual(await rollupLines(testDb.sql, twin!.id));
    expect(await testDb.sql`select 1 from org_data_changes where org_id = ${demo!.id}`).toHaveLength(1);
  });

  it("loads with the triggers on where the role may not turn them off", async () => {
    const other = await createTestDatabase();
    const role = `demo_loader_${randomBytes(4).toString("hex")}`;
    await other.sql.unsafe(`create role ${role} login; grant all on schema public to ${role};
      grant all on all tables in schema public to ${role}; grant all on all sequences in schema public to ${role}`);
    const url = new URL(other.url);
    url.username = role;
    const plain = createDb(url.toString(), { max: 1 });
    try {
      const { orgId, loaded } = await ensureDemoCompany(plain.db, new Date("2026-06-01T08:00:00Z"));
      expect(loaded!.deals).toBe(5200);
      const [events] = await other.sql`select count(*)::int as n from deal_events where org_id = ${orgId} and kind = 'created'`;
      expect(events!.n).toBe(5200);
    } finally {
      await plain.sql.end();
      await other.drop();
      await testDb.sql.unsafe(`drop role ${role}`);
    }
  });

  it("refuses to fill an ordinary organization that took the slug", async () => {
    const other = await createTestDatabase();
    try {
      await other.db.insert(organizations).values({ name: "Demo Ltd", slug: "demo" });
      await expect(ensureDemoCompany(other.db)).rejects.toThrow(/not the demo company/);
    } finally {
      await other.drop();
    }
  });
});

import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organizations } from "@/db/schema";
import { loadDemoDataset } from "@/db/seed/load-dataset";
import { createTestDatabase } from "@/test/db";
import { openDealsAt } from "./sql/snapshot";
import { dealStepReach } from "./sql/step-reach";
import { customerWinRows, customerWinRowsFromEvents } from "./customer-wins.test-queries";
import { dealDayRows, dealDayRowsFromSources } from "./deal-days.test-queries";

const NOW = new Date("2026-03-15T10:30:00Z");

/**
 * The deal_facts and deal_stage_stays rollups (kept by triggers, migrations 0004 and 0005) against the same facts computed from the raw stage
 * history here, written another way (ladder ranks and window functions), after the demo loader's chunked writes,
 * after edits through later writes, and after a rebuild from scratch. The deal_events rollup (migration 0011)
 * against the reach moments of dealStepReach, which cohorts and drill-downs compute from deals and deal_facts. The
 * deals open at many moments through the deal_open_spans rollup (migration 0012, openDealsAt) against the snapshot
 * rule applied to the raw stage history. The deal_days rollup (migration 0026) against deal_events and the finished stays
 * summed by local day here, after each of those writes, a change of time zone and a rebuild.
 */
describe("deal_facts, deal_stage_stays, deal_stage_reach, deal_events, deal_days, customer_wins and deal_open_spans rollups", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let orgId = "";

  const rollup = async () =>
    testDb.sql`select deal_id::int, qualified_at, meeting_scheduled_at, meeting_held_at, proposal_at, negotiation_at, won_at,
        fulfilled_at, lost_entered_at, last_stage_id::int, last_stage_at, last_step::text, deal_created_at
      from deal_facts where org_id = ${orgId} order by deal_id`;

  const raw = async () =>
    testDb.sql`
      with history as (
        select e.deal_id, e.id, e.at, e.to_stage_id, s.funnel_step::text as step,
          array_position(array['lead', 'qualified', 'meeting_scheduled', 'meeting_held', 'proposal', 'negotiation', 'won', 'fulfilled'],
            s.funnel_step::text) as rank,
          row_number() over (partition by e.deal_id order by e.at desc, e.id desc) as from_last
        from deal_stage_events e join stages s on s.org_id = e.org_id and s.id = e.to_stage_id
        where e.org_id = ${orgId}
      ),
      reach as (
        select deal_id,
          min(at) filter (where rank >= 2) as qualified_at, min(at) filter (where rank >= 3) as meeting_scheduled_at,
          min(at) filter (where rank >= 4) as meeting_held_at, min(at) filter (where rank >= 5) as proposal_at,
          min(at) filter (where rank >= 6) as negotiation_at, min(at) filter (where rank >= 7) as won_at,
          min(at) filter (where rank >= 8) as fulfilled_at, max(at) filter (where step = 'lost') as lost_entered_at
        from history group by deal_id
      )
      select d.id::int as deal_id, r.qualified_at, r.meeting_scheduled_at, r.meeting_held_at, r.proposal_at, r.negotiation_at,
        r.won_at, r.fulfilled_at, r.lost_entered_at, l.to_stage_id::int as last_stage_id, l.at as last_stage_at, l.step as last_step,
        d.created_at as deal_created_at
      from deals d
      left join reach r on r.deal_id = d.id
      left join history l on l.deal_id = d.id and l.from_last = 1
      where d.org_id = ${orgId} order by d.id`;

  const stays = async () =>
    testDb.sql`select event_id::int, deal_id::int, stage_id::int, entered_at, left_at, extract(epoch from prior)::float8 as prior_seconds,
        next_left_at, pipeline_id::int, channel_id::int, owner_rep_id::int, credited_rep_id::int
      from deal_stage_stays where org_id = ${orgId} order by event_id`;

  /**
   * Each stage event's stay, with a self-join instead of window functions: next event (by at, then id), earlier stays,
   * and when the next stay in the same stage ended.
   */
  const rawStays = async () => {
    const ownerChanges = await loadOwnerChanges();
    const rows = await testDb.sql`
      with s as (
        select e.id, e.deal_id, e.to_stage_id, e.at,
          (select x.at from deal_stage_events x where x.org_id = e.org_id and x.deal_id = e.deal_id and (x.at, x.id) > (e.at, e.id)
            order by x.at, x.id limit 1) as left_at
        from deal_stage_events e where e.org_id = ${orgId}
      )
      select s.id::int as event_id, s.deal_id::int, s.to_stage_id::int as stage_id, s.at as entered_at, s.left_at,
        coalesce((select sum(extract(epoch from y.left_at - y.at)) from s y
          where y.deal_id = s.deal_id and y.to_stage_id = s.to_stage_id and (y.at, y.id) < (s.at, s.id)), 0)::float8 as prior_seconds,
        (select y.left_at from s y where y.deal_id = s.deal_id and y.to_stage_id = s.to_stage_id and (y.at, y.id) > (s.at, s.id)
          order by y.at, y.id limit 1) as next_left_at,
        d.pipeline_id::int, d.channel_id::int, d.owner_rep_id::int
      from s join deals d on d.org_id = ${orgId} and d.id = s.deal_id order by s.id`;
    // A stay that ended is credited to the owner when it ended; one under way to nobody yet.
    return rows.map((r) => ({
      ...r,
      credited_rep_id: r.left_at === null ? null : ownerThen(ownerChanges.get(r.deal_id as number) ?? [], r.left_at, r.owner_rep_id),
    }));
  };

  const reach = async () =>
    testDb.sql`select deal_id::int, stage_id::int, deal_created_at, entered_at, advanced_at
      from deal_stage_reach where org_id = ${orgId} order by deal_id, stage_id`;

  /**
   * Per deal and stage entered, with self-joins instead of window functions: the first entry (no earlier one by at,
   * then id), and the earliest later entry into a higher stage of the same pipeline that is not a lost stage.
   */
  const rawReach = async () =>
    testDb.sql`
      with m as (
        select e.id, e.deal_id, e.to_stage_id, e.at, st.pipeline_id, st.position, st.funnel_step
        from deal_stage_events e join stages st on st.org_id = e.org_id and st.id = e.to_stage_id where e.org_id = ${orgId}
      ),
      f as (
        select m.* from m where not exists (
          select 1 from m x where x.deal_id = m.deal_id and x.to_stage_id = m.to_stage_id and (x.at, x.id) < (m.at, m.id))
      )
      select f.deal_id::int, f.to_stage_id::int as stage_id, d.created_at as deal_created_at, f.at as entered_at,
        (select min(l.at) from m l where l.deal_id = f.deal_id and (l.at, l.id) > (f.at, f.id) and l.pipeline_id = f.pipeline_id
          and l.funnel_step is distinct from 'lost' and l.position > f.position) as advanced_at
      from f join deals d on d.org_id = ${orgId} and d.id = f.deal_id
      order by 1, 2`;

  type EventRow = Record<string, unknown>;
  const reachSteps = ["qualified", "meeting_scheduled", "meeting_held", "proposal", "won", "fulfilled"];
  const id = (value: unknown) => (value === null ? null : Number(value));
  const instant = (value: unknown) => new Date(value as string | Date).toISOString();
  const dealEventRow = (e: EventRow): EventRow => ({
    deal_id: id(e.deal_id), kind: e.kind, at: instant(e.at), deal_created_at: instant(e.deal_created_at), pipeline_id: id(e.pipeline_id),
    channel_id: id(e.channel_id), owner_rep_id: id(e.owner_rep_id), credited_rep_id: id(e.credited_rep_id), customer_id: id(e.customer_id),
    qualified: e.qualified,
    loss_reason_id: id(e.loss_reason_id), amount: id(e.amount), currency: e.currency, margin: id(e.margin),
    provided: e.provided, winnable: e.winnable,
    ...Object.fromEntries([...reachSteps.map((step) => `${step}_at`), "first_response_at", "followed_up_at"].map((column) => [column, e[column] == null ? null : instant(e[column])])),
  });
  const dealEvents = async () =>
    (await testDb.sql`select * from deal_events where org_id = ${orgId} order by deal_id, kind`).map(dealEventRow);

  const kinds = ["created", "qualified", "meeting_scheduled", "meeting_held", "proposal", "won", "fulfilled", "lost"] as const;
  /** Each deal's owner changes, in (at, id) order. */
  const loadOwnerChanges = async () => {
    const changes = new Map<number, EventRow[]>();
    for (const change of await testDb.sql`select deal_id::int, from_rep_id::int, to_rep_id::int, at from deal_owner_events where org_id = ${orgId} order by at, id`) {
      changes.set(change.deal_id as number, [...(changes.get(change.deal_id as number) ?? []), change]);
    }
    return changes;
  };
  /**
   * The rep credited at `at` (kpi-catalog **Who is credited**), over the deal's owner changes in (at, id) order: the
   * last at or before it takes the deal to its rep; before the first change, that change's previous owner; without
   * changes, the current owner.
   */
  const ownerThen = (changes: EventRow[], at: unknown, current: unknown) => {
    const moment = new Date(at as string | Date).getTime();
    const before = changes.filter((c) => new Date(c.at as string).getTime() <= moment);
    if (before.length > 0) return before.at(-1)!.to_rep_id;
    return changes.length > 0 ? changes[0]!.from_rep_id : current;
  };
  const rawDealEvents = async () => {
    const ownerChanges = await loadOwnerChanges();
    const reached = dealStepReach(orgId, sql`true`, [
      sql`d.pipeline_id, d.channel_id, d.owner_rep_id, d.customer_id, d.loss_reason_id, d.amount, d.currency, coalesce(d.margin, d.amount - d.cost) as margin`,
      sql`ch.provided_by_company as provided, coalesce(lr.winnable, false) as reason_winnable`,
    ], sql`left join channels ch on ch.org_id = d.org_id and ch.id = d.channel_id
      left join loss_reasons lr on lr.org_id = d.org_id and lr.id = d.loss_reason_id`);
    // First responses straight from the activities: the earliest completed outbound call, e-mail or message at or
    // after creation; the earliest outbound activity of any type then (done, else logged).
    const rows = await testDb.db.execute<EventRow>(sql`select r.*, r.qualified_at is not null as qualified,
        (select a.completed_at from activities a where a.org_id = ${orgId} and a.deal_id = r.deal_id and a.direction = 'outbound'
          and a.type in ('call', 'email', 'message') and a.completed_at >= r.created_at order by a.completed_at limit 1) as first_response_at,
        (select coalesce(a.completed_at, a.created_at) from activities a where a.org_id = ${orgId} and a.deal_id = r.deal_id
          and a.direction = 'outbound' and coalesce(a.completed_at, a.created_at) >= r.created_at order by 1 limit 1) as followed_up_at
      from (${reached}) r order by r.deal_id`);
    return rows.flatMap((r) =>
      kinds
        .map((kind) => ({ kind, at: r[kind === "created" ? "created_at" : `${kind}_at`] }))
        .filter(({ at }) => at !== null)
        .sort((a, b) => a.kind.localeCompare(b.kind))
        .map(({ kind, at }) =>
          dealEventRow({
            ...r,
            kind,
            at,
            deal_created_at: r.created_at,
            credited_rep_id: ownerThen(ownerChanges.get(Number(r.deal_id)) ?? [], at, r.owner_rep_id),
            loss_reason_id: kind === "lost" ? r.loss_reason_id : null,
            amount: kind === "won" ? r.amount : null,
            currency: kind === "won" ? r.currency : null,
            margin: kind === "won" ? r.margin : null,
            winnable: kind === "lost" && r.reason_winnable,
            // Created rows carry the deal's reach moments and first responses.
            ...Object.fromEntries(reachSteps.map((step) => [`${step}_at`, kind === "created" ? r[`${step}_at`] : null])),
            first_response_at: kind === "created" ? r.first_response_at : null,
            followed_up_at: kind === "created" ? r.followed_up_at : null,
          }),
        ),
    );
  };

  const dealDays = () => dealDayRows(testDb.sql, orgId);
  const rawDealDays = () => dealDayRowsFromSources(testDb.sql, orgId);
  const customerWins = () => customerWinRows(testDb.sql, orgId);
  /** deal_days and customer_wins equal what their sources give. */
  const expectDaysAndWinsAsSources = async () => {
    expect(await dealDays()).toEqual(await rawDealDays());
    expect(await customerWins()).toEqual(await customerWinRowsFromEvents(testDb.sql, orgId));
  };

  /**
   * Month starts of the demo year, now, and moments right at and just after stage changes (the `<` edges), each
   * compared: the deals openDealsAt gives (with the stage then and whether they had qualified by then) against the
   * snapshot rule over the raw history (last stage entered before the moment; without one, the outcome and close times).
   */
  const expectOpenDealsAsRaw = async () => {
    const edges = await testDb.sql`select at from deal_stage_events where org_id = ${orgId} order by id desc limit 4`;
    const moments = [
      ...Array.from({ length: 13 }, (_, i) => new Date(Date.UTC(2025, 2 + i, 1))),
      NOW,
      ...edges.flatMap((e) => [new Date(e.at), new Date(new Date(e.at).getTime() + 1)]),
    ];
    let open = 0;
    for (const at of moments) {
      const moment = sql`${at.toISOString()}::timestamptz`;
      const rollup = await testDb.db.execute(sql`
        select d.id::int as deal_id, d.found, d.stage_id::int as stage_id, d.found and d.qualified_at < ${moment} as qualified,
          d.amount::float8 as amount, d.expected_close_date::text as close_date
        from (${openDealsAt(orgId, moment)}) d order by d.id`);
      const iso = at.toISOString();
      const raw = await testDb.sql`
        select d.id::int as deal_id, l.stage_id is not null as found, coalesce(l.stage_id, d.stage_id)::int as stage_id,
          l.stage_id is not null and q.at < ${iso} as qualified, d.amount::float8 as amount, d.expected_close_date::text as close_date
        from deals d
        left join lateral (select e.to_stage_id as stage_id, s.funnel_step::text as step from deal_stage_events e
          join stages s on s.org_id = e.org_id and s.id = e.to_stage_id
          where e.org_id = d.org_id and e.deal_id = d.id and e.at < ${iso} order by e.at desc, e.id desc limit 1) l on true
        left join lateral (select min(e.at) as at from deal_stage_events e join stages s on s.org_id = e.org_id and s.id = e.to_stage_id
          where e.org_id = d.org_id and e.deal_id = d.id
            and s.funnel_step in ('qualified', 'meeting_scheduled', 'meeting_held', 'proposal', 'negotiation', 'won', 'fulfilled')) q on true
        where d.org_id = ${orgId} and d.created_at < ${iso} and case
          when l.stage_id is not null then l.step is null or l.step not in ('won', 'fulfilled', 'lost')
          else not (d.status = 'won' and (d.won_at is null or d.won_at < ${iso})) and not (d.status = 'lost' and (d.lost_at is null or d.lost_at < ${iso}))
        end
        order by d.id`;
      expect([...rollup], at.toISOString()).toEqual([...raw]);
      open += raw.length;
    }
    expect(open).toBeGreaterThan(500);
  };

  beforeAll(async () => {
    testDb = await createTestDatabase();
    orgId = (await testDb.db.insert(organizations).values({ name: "Facts", slug: "facts", timeZone: "Europe/Kyiv" }).returning())[0]!.id;
    await loadDemoDataset(testDb.db, orgId, { seed: 7, scale: 0.1, now: NOW, chunkSize: 50 });
  });
  afterAll(() => testDb.drop());

  it("has one row per deal, equal to the raw history, after the demo loader's chunked writes", async () => {
    const facts = await rollup();
    expect(facts.length).toBeGreaterThan(500);
    expect(facts.filter((f) => f.won_at !== null).length).toBeGreaterThan(10);
    expect(facts.filter((f) => f.lost_entered_at !== null).length).toBeGreaterThan(10);
    expect(facts).toEqual(await raw());
    const stayRows = await stays();
    expect(stayRows.filter((r) => r.prior_seconds > 0).length).toBeGreaterThan(0);
    expect(stayRows.filter((r) => r.next_left_at !== null).length).toBeGreaterThan(0);
    expect(stayRows).toEqual(await rawStays());
    const reachRows = await reach();
    expect(reachRows.filter((r) => r.advanced_at !== null).length).toBeGreaterThan(100);
    expect(reachRows).toEqual(await rawReach());
    const events = await dealEvents();
    for (const kind of kinds) expect(events.filter((e) => e.kind === kind).length, kind).toBeGreaterThan(0);
    expect(events.filter((e) => e.first_response_at !== null).length).toBeGreaterThan(10);
    expect(events.filter((e) => e.credited_rep_id !== e.owner_rep_id).length, "events credited to an earlier owner").toBeGreaterThan(0);
    expect(events).toEqual(await rawDealEvents());
    const days = await dealDays();
    expect(days.filter((d) => d.n > 1).length, "days with several events or stays of a kind and attribution").toBeGreaterThan(10);
    expect(days.filter((d) => d.kind === "stay").length).toBeGreaterThan(100);
    expect(days).toEqual(await rawDealDays());
    const wins = await customerWins();
    expect(wins.filter((w) => w.next_won_at !== null).length, "customers who won again").toBeGreaterThan(10);
    expect(wins.filter((w) => w.credited_rep_id !== w.owner_rep_id).length, "wins credited to an earlier owner").toBeGreaterThan(0);
    expect(wins).toEqual(await customerWinRowsFromEvents(testDb.sql, orgId));
    await expectOpenDealsAsRaw();
  });

  it("follows later writes: a remapped stage, an unmapped one, removed and added history, a new deal without history", async () => {
    const [stage] = await testDb.sql`select id from stages where org_id = ${orgId} and funnel_step = 'proposal' limit 1`;
    const [other] = await testDb.sql`select id from stages where org_id = ${orgId} and funnel_step = 'meeting_held' limit 1`;
    await testDb.sql`update stages set funnel_step = 'negotiation' where org_id = ${orgId} and id = ${stage!.id}`;
    await testDb.sql`update stages set funnel_step = null where org_id = ${orgId} and id = ${other!.id}`;
    // The proposal stage moved to the front of its pipeline: whoever left it forward did not advance any more.
    await testDb.sql`update stages set position = -1 where org_id = ${orgId} and id = ${stage!.id}`;
    const deals = await testDb.sql`select distinct deal_id from deal_stage_events where org_id = ${orgId} order by deal_id limit 30`;
    const ids = deals.map((d) => d.deal_id as string);
    await testDb.sql`delete from deal_stage_events where org_id = ${orgId} and deal_id in ${testDb.sql(ids.slice(0, 10))}
      and id in (select max(id) from deal_stage_events where org_id = ${orgId} group by deal_id)`;
    const [lost] = await testDb.sql`select id from stages where org_id = ${orgId} and funnel_step = 'lost' limit 1`;
    await testDb.sql`insert into deal_stage_events (org_id, deal_id, to_stage_id, at)
      select ${orgId}, d.id, ${lost!.id}, d.created_at + interval '3 days' from deals d where d.org_id = ${orgId} and d.id in ${testDb.sql(ids.slice(10, 20))}`;
    await testDb.sql`update deal_stage_events set at = at - interval '1 day' where org_id = ${orgId} and deal_id in ${testDb.sql(ids.slice(20))}`;
    const [pipeline] = await testDb.sql`select pipeline_id from deals where org_id = ${orgId} limit 1`;
    await testDb.sql`insert into deals (org_id, pipeline_id, created_at) values (${orgId}, ${pipeline!.pipeline_id}, ${NOW.toISOString()})`;

    const facts = await rollup();
    expect(facts).toEqual(await raw());
    expect(facts.at(-1)).toMatchObject({ last_stage_at: null, qualified_at: null });
    expect(await stays()).toEqual(await rawStays());
    expect(await reach()).toEqual(await rawReach());
    expect(await dealEvents()).toEqual(await rawDealEvents());
    await expectDaysAndWinsAsSources();
    await expectOpenDealsAsRaw();
  });

  it("keeps deal_events current when a deal itself changes (reopened, won, lost, re-owned, re-priced, deleted) and when its channel or loss reason is re-marked", async () => {
    const [won] = await testDb.sql`select id from deals where org_id = ${orgId} and status = 'won' order by id limit 1`;
    const [lost] = await testDb.sql`select id from deals where org_id = ${orgId} and status = 'lost' and loss_reason_id is not null order by id limit 1`;
    const open = await testDb.sql`select id from deals where org_id = ${orgId} and status = 'open' order by id limit 3`;
    const [rep] = await testDb.sql`select id from reps where org_id = ${orgId} order by id desc limit 1`;
    await testDb.sql`update deals set status = 'open', won_at = null where org_id = ${orgId} and id = ${won!.id}`;
    await testDb.sql`update deals set status = 'won', won_at = created_at + interval '9 days', amount = 1234.5, currency = 'EUR', cost = 1000, margin = null
      where org_id = ${orgId} and id = ${lost!.id}`;
    await testDb.sql`update deals set status = 'lost', lost_at = created_at + interval '2 days' where org_id = ${orgId} and id = ${open[0]!.id}`;
    await testDb.sql`update deals set owner_rep_id = ${rep!.id}, channel_id = null where org_id = ${orgId} and id = ${open[1]!.id}`;
    await testDb.sql`delete from deals where org_id = ${orgId} and id = ${open[2]!.id}`;
    // A won deal moved to another customer, one that had won before it.
    await testDb.sql`update deals d set customer_id = (select x.customer_id from deals x where x.org_id = d.org_id and x.status = 'won'
        and x.customer_id <> d.customer_id and x.won_at < d.won_at order by x.id limit 1)
      where d.org_id = ${orgId} and d.id = (select id from deals where org_id = ${orgId} and status = 'won' and customer_id is not null order by id desc limit 1)`;
    // A channel's provider and a loss reason's winnable flag changed in settings.
    await testDb.sql`update channels set provided_by_company = not provided_by_company
      where org_id = ${orgId} and id = (select channel_id from deals where org_id = ${orgId} and channel_id is not null order by id limit 1)`;
    await testDb.sql`update loss_reasons set winnable = not winnable
      where org_id = ${orgId} and id in (select loss_reason_id from deals where org_id = ${orgId} and status = 'lost' and loss_reason_id is not null)`;
    // Rewritten unchanged, as a sync does: no change. One deal's creation time corrected.
    await testDb.sql`update deals set title = title where org_id = ${orgId}`;
    await testDb.sql`update deals set created_at = created_at - interval '2 hours'
      where org_id = ${orgId} and id = (select deal_id from deal_stage_events where org_id = ${orgId} order by id limit 1)`;

    const events = await dealEvents();
    expect(events).toEqual(await rawDealEvents());
    await expectDaysAndWinsAsSources();
    expect(await reach()).toEqual(await rawReach());
    expect(await rollup()).toEqual(await raw());
    expect(await stays()).toEqual(await rawStays());
    expect(events.filter((e) => e.deal_id === Number(won!.id)).map((e) => e.kind)).not.toContain("won");
    expect(events.find((e) => e.deal_id === Number(lost!.id) && e.kind === "won")).toMatchObject({ amount: 1234.5, currency: "EUR", margin: 234.5 });
    expect(events.filter((e) => e.deal_id === Number(lost!.id)).map((e) => e.kind)).not.toContain("lost");
    expect(events.some((e) => e.deal_id === Number(open[2]!.id))).toBe(false);
    // Deals without history whose outcome or close time changed, and a new stage and close date on another.
    const [pipeline] = await testDb.sql`select pipeline_id from deals where org_id = ${orgId} limit 1`;
    const bare = await testDb.sql`insert into deals (org_id, pipeline_id, created_at, amount, currency)
      select ${orgId}, ${pipeline!.pipeline_id}, timestamptz '2026-02-10T09:00:00Z' + n * interval '1 day', 100 * n, 'RUB'
      from generate_series(1, 3) n returning id`;
    await testDb.sql`update deals set status = 'won', won_at = created_at + interval '20 days' where org_id = ${orgId} and id = ${bare[0]!.id}`;
    await testDb.sql`update deals set status = 'lost', lost_at = null where org_id = ${orgId} and id = ${bare[1]!.id}`;
    await testDb.sql`update deals set status = 'open', won_at = null, lost_at = null, expected_close_date = '2026-04-30', amount = 77,
      stage_id = (select id from stages where org_id = ${orgId} and funnel_step = 'proposal' limit 1) where org_id = ${orgId} and id = ${bare[2]!.id}`;
    await expectOpenDealsAsRaw();
  });

  it("moves the credit of a deal's events and stage stays as its owner history is written, corrected and deleted", async () => {
    const [deal] = await testDb.sql`select d.id, d.owner_rep_id from deals d where d.org_id = ${orgId} and d.status = 'won'
      and not exists (select 1 from deal_owner_events o where o.org_id = d.org_id and o.deal_id = d.id) order by d.id limit 1`;
    const [other] = await testDb.sql`select id from reps where org_id = ${orgId} and id <> ${deal!.owner_rep_id} order by id limit 1`;
    const creditOf = async (kind: string) => (await dealEvents()).find((e) => e.deal_id === Number(deal!.id) && e.kind === kind)?.credited_rep_id;
    expect(await creditOf("won")).toBe(Number(deal!.owner_rep_id));
    // Handed over a day after creation from the other rep: created is the other rep's, the win the owner's.
    const [change] = await testDb.sql`insert into deal_owner_events (org_id, deal_id, from_rep_id, to_rep_id, at)
      select ${orgId}, d.id, ${other!.id}, d.owner_rep_id, d.created_at + interval '1 day' from deals d where d.org_id = ${orgId} and d.id = ${deal!.id}
      returning id`;
    expect(await creditOf("created")).toBe(Number(other!.id));
    expect(await creditOf("won")).toBe(Number(deal!.owner_rep_id));
    // Corrected to a hand-over to nobody: the win is nobody's.
    await testDb.sql`update deal_owner_events set to_rep_id = null where org_id = ${orgId} and id = ${change!.id}`;
    expect(await creditOf("won")).toBeNull();
    expect(await dealEvents()).toEqual(await rawDealEvents());
    expect(await stays()).toEqual(await rawStays());
    await expectDaysAndWinsAsSources();
    await testDb.sql`delete from deal_owner_events where org_id = ${orgId} and id = ${change!.id}`;
    expect(await creditOf("created")).toBe(Number(deal!.owner_rep_id));
    expect(await dealEvents()).toEqual(await rawDealEvents());
    await expectDaysAndWinsAsSources();
    expect(await stays()).toEqual(await rawStays());
  });

  it("keeps the created rows' first responses current as activities are logged, completed, moved and deleted", async () => {
    const [a, b] = await testDb.sql`select id, created_at from deals d where org_id = ${orgId}
      and exists (select 1 from activities x where x.org_id = d.org_id and x.deal_id = d.id and x.direction = 'outbound' and x.type = 'call' and x.completed_at >= d.created_at)
      order by id limit 2`;
    const [bare] = await testDb.sql`select id, created_at from deals d where org_id = ${orgId}
      and not exists (select 1 from activities x where x.org_id = d.org_id and x.deal_id = d.id) order by id limit 1`;
    const at = (deal: Record<string, unknown>, minutes: number) => new Date(new Date(deal.created_at as Date).getTime() + minutes * 60_000).toISOString();
    const created = async (dealId: unknown) => (await dealEvents()).find((e) => e.deal_id === Number(dealId) && e.kind === "created")!;
    // A deal without activities: an inbound call, an e-mail done before its creation and a task logged do not answer it.
    await testDb.sql`insert into activities (org_id, type, direction, deal_id, created_at, completed_at) values
      (${orgId}, 'call', 'inbound', ${bare!.id}, ${at(bare!, 5)}, ${at(bare!, 5)}),
      (${orgId}, 'email', 'outbound', ${bare!.id}, ${at(bare!, -30)}, ${at(bare!, -30)}),
      (${orgId}, 'task', 'outbound', ${bare!.id}, ${at(bare!, 20)}, null)`;
    expect(await created(bare!.id)).toMatchObject({ first_response_at: null, followed_up_at: at(bare!, 20) });
    // An outbound message done 45 minutes in answers it.
    const [message] = await testDb.sql`insert into activities (org_id, type, direction, deal_id, created_at, completed_at)
      values (${orgId}, 'message', 'outbound', ${bare!.id}, ${at(bare!, 40)}, ${at(bare!, 45)}) returning id`;
    expect(await created(bare!.id)).toMatchObject({ first_response_at: at(bare!, 45), followed_up_at: at(bare!, 20) });
    // Moved to another deal, completed later, deleted: each time the first response is looked up again.
    await testDb.sql`update activities set completed_at = ${at(bare!, 90)} where org_id = ${orgId} and id = ${message!.id}`;
    expect((await created(bare!.id)).first_response_at).toBe(at(bare!, 90));
    await testDb.sql`update activities set deal_id = ${a!.id} where org_id = ${orgId} and deal_id = ${b!.id}`;
    await testDb.sql`delete from activities where org_id = ${orgId} and id = ${message!.id}`;
    const [done] = await testDb.sql`select id from activities where org_id = ${orgId} and deal_id = ${a!.id} and type = 'call' order by completed_at limit 1`;
    await testDb.sql`delete from activities where org_id = ${orgId} and id = ${done!.id}`;

    const events = await dealEvents();
    expect(events).toEqual(await rawDealEvents());
    await expectDaysAndWinsAsSources();
    expect(events.find((e) => e.deal_id === Number(bare!.id) && e.kind === "created")).toMatchObject({ first_response_at: null, followed_up_at: at(bare!, 20) });
    expect(events.find((e) => e.deal_id === Number(b!.id) && e.kind === "created")).toMatchObject({ first_response_at: null, followed_up_at: null });
  });

  it("moves deal_days to the new local days when the org's time zone changes, and recounts cohorts with its conversion window", async () => {
    const before = await dealDays();
    await testDb.sql`update organizations set time_zone = 'America/Los_Angeles' where id = ${orgId}`;
    const after = await dealDays();
    expect(after).toEqual(await rawDealDays());
    expect(after).not.toEqual(before);
    await testDb.sql`update organizations set time_zone = 'Europe/Kyiv', conversion_window_days = 7 where id = ${orgId}`;
    const week = await dealDays();
    expect(week).toEqual(await rawDealDays());
    const reachedIn = (rows: typeof before) => rows.reduce((sum, row) => sum + Number(row.reached_qualified_n), 0);
    expect(reachedIn(week)).toBeLessThan(reachedIn(before));
    await testDb.sql`update organizations set conversion_window_days = 90 where id = ${orgId}`;
    expect(await dealDays()).toEqual(before);
  });

  it("rebuilds from scratch to the same rows", async () => {
    const before = await rollup();
    await testDb.sql`delete from deal_facts where org_id = ${orgId}`;
    await testDb.sql`select refresh_deal_facts(${orgId}::uuid, null)`;
    expect(await rollup()).toEqual(before);
    const staysBefore = await stays();
    await testDb.sql`delete from deal_stage_stays where org_id = ${orgId}`;
    await testDb.sql`select refresh_deal_stage_stays(${orgId}::uuid, null)`;
    expect(await stays()).toEqual(staysBefore);
    const reachBefore = await reach();
    await testDb.sql`delete from deal_stage_reach where org_id = ${orgId}`;
    await testDb.sql`select refresh_deal_stage_reach(${orgId}::uuid, null)`;
    expect(await reach()).toEqual(reachBefore);
    const eventsBefore = await dealEvents();
    await testDb.sql`delete from deal_events where org_id = ${orgId}`;
    await testDb.sql`select refresh_deal_events(${orgId}::uuid, null)`;
    expect(await dealEvents()).toEqual(eventsBefore);
    const daysBefore = await dealDays();
    expect(daysBefore).toEqual(await rawDealDays());
    const winsBefore = await customerWins();
    await testDb.sql`delete from deal_days where org_id = ${orgId}`;
    await testDb.sql`delete from customer_wins where org_id = ${orgId}`;
    await testDb.sql`select rebuild_deal_rollups(${orgId}::uuid)`;
    expect(await dealEvents()).toEqual(eventsBefore);
    expect(await stays()).toEqual(staysBefore);
    expect(await dealDays()).toEqual(daysBefore);
    expect(await customerWins()).toEqual(winsBefore);
    await testDb.sql`delete from deal_open_spans where org_id = ${orgId}`;
    await testDb.sql`select refresh_deal_open_spans(${orgId}::uuid, null)`;
    await expectOpenDealsAsRaw();
  });
});

import { sql } from "drizzle-orm";
import type { Db, Sql } from "@/db/client";
import { openDealsAt } from "./sql/snapshot";
import { dealStepReach } from "./sql/step-reach";

/**
 * The deal_facts, deal_stage_stays, deal_stage_reach and deal_events rollups of an org as comparable rows, each beside
 * the same rows computed here from the raw history another way (ladder ranks, self-joins, the owner rule in
 * TypeScript), and the deals open at a moment by openDealsAt and by the snapshot rule over the raw history:
 * deal-facts.integration.test.ts checks one against the other after each of its writes.
 */

/** deal_facts (migrations 0004 and later), one row per deal. */
export const dealFactRows = (client: Sql, orgId: string) =>
  client`select deal_id::int, qualified_at, meeting_scheduled_at, meeting_held_at, proposal_at, negotiation_at, won_at,
      fulfilled_at, lost_entered_at, last_stage_id::int, last_stage_at, last_step::text, deal_created_at
    from deal_facts where org_id = ${orgId} order by deal_id`;

/** The same facts from the raw stage history, with ladder ranks and window functions. */
export const dealFactRowsFromHistory = (client: Sql, orgId: string) =>
  client`
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

/** deal_stage_stays (migrations 0005, 0015, 0023). */
export const stayRows = (client: Sql, orgId: string) =>
  client`select event_id::int, deal_id::int, stage_id::int, entered_at, left_at, extract(epoch from prior)::float8 as prior_seconds,
      next_left_at, pipeline_id::int, channel_id::int, owner_rep_id::int, credited_rep_id::int
    from deal_stage_stays where org_id = ${orgId} order by event_id`;

/**
 * Each stage event's stay, with a self-join instead of window functions: next event (by at, then id), earlier stays,
 * and when the next stay in the same stage ended.
 */
export const stayRowsFromHistory = async (client: Sql, orgId: string) => {
  const ownerChanges = await loadOwnerChanges(client, orgId);
  const rows = await client`
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

/** deal_stage_reach (migration 0017). */
export const reachRows = (client: Sql, orgId: string) =>
  client`select deal_id::int, stage_id::int, deal_created_at, entered_at, advanced_at
    from deal_stage_reach where org_id = ${orgId} order by deal_id, stage_id`;

/**
 * Per deal and stage entered, with self-joins instead of window functions: the first entry (no earlier one by at,
 * then id), and the earliest later entry into a higher stage of the same pipeline that is not a lost stage.
 */
export const reachRowsFromHistory = (client: Sql, orgId: string) =>
  client`
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
/** deal_events (migration 0011 and later), comparable. */
export const dealEventRows = async (client: Sql, orgId: string) =>
  (await client`select * from deal_events where org_id = ${orgId} order by deal_id, kind`).map(dealEventRow);

/** The kinds of deal_events rows. */
export const eventKinds = ["created", "qualified", "meeting_scheduled", "meeting_held", "proposal", "won", "fulfilled", "lost"] as const;
/** Each deal's owner changes, in (at, id) order. */
const loadOwnerChanges = async (client: Sql, orgId: string) => {
  const changes = new Map<number, EventRow[]>();
  for (const change of await client`select deal_id::int, from_rep_id::int, to_rep_id::int, at from deal_owner_events where org_id = ${orgId} order by at, id`) {
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
/** The same rows from deals, stage history (dealStepReach), owner history and activities. */
export const dealEventRowsFromSources = async (client: Sql, db: Db, orgId: string) => {
  const ownerChanges = await loadOwnerChanges(client, orgId);
  const reached = dealStepReach(orgId, sql`true`, [
    sql`d.pipeline_id, d.channel_id, d.owner_rep_id, d.customer_id, d.loss_reason_id, d.amount, d.currency, coalesce(d.margin, d.amount - d.cost) as margin`,
    sql`ch.provided_by_company as provided, coalesce(lr.winnable, false) as reason_winnable`,
  ], sql`left join channels ch on ch.org_id = d.org_id and ch.id = d.channel_id
    left join loss_reasons lr on lr.org_id = d.org_id and lr.id = d.loss_reason_id`);
  // First responses straight from the activities: the earliest completed outbound call, e-mail or message at or
  // after creation; the earliest outbound activity of any type then (done, else logged).
  const rows = await db.execute<EventRow>(sql`select r.*, r.qualified_at is not null as qualified,
      (select a.completed_at from activities a where a.org_id = ${orgId} and a.deal_id = r.deal_id and a.direction = 'outbound'
        and a.type in ('call', 'email', 'message') and a.completed_at >= r.created_at order by a.completed_at limit 1) as first_response_at,
      (select coalesce(a.completed_at, a.created_at) from activities a where a.org_id = ${orgId} and a.deal_id = r.deal_id
        and a.direction = 'outbound' and coalesce(a.completed_at, a.created_at) >= r.created_at order by 1 limit 1) as followed_up_at
    from (${reached}) r order by r.deal_id`);
  return rows.flatMap((r) =>
    eventKinds
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

/** The deals openDealsAt gives at `at`: the stage then and whether they had qualified by then. */
export const openDealRowsAt = async (db: Db, orgId: string, at: Date) => {
  const moment = sql`${at.toISOString()}::timestamptz`;
  return [
    ...(await db.execute(sql`
      select d.id::int as deal_id, d.found, d.stage_id::int as stage_id, d.found and d.qualified_at < ${moment} as qualified,
        d.amount::float8 as amount, d.expected_close_date::text as close_date
      from (${openDealsAt(orgId, moment)}) d order by d.id`)),
  ];
};

/** The snapshot rule over the raw history: the last stage entered before `at`; without one, the outcome and close times. */
export const openDealRowsByRule = async (client: Sql, orgId: string, at: Date) => {
  const iso = at.toISOString();
  return [
    ...(await client`
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
      order by d.id`),
  ];
};

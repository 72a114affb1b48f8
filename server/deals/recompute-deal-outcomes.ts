import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/seed/bulk-upsert";

/**
 * Sets the current stage, status, won_at and lost_at of the given deals from their stage history, in one
 * statement (kpi-catalog, Conventions): the current stage is the last event's to-stage; the status is that
 * stage's terminal state (won for won/fulfilled, lost, else open: a reopened deal is open); won_at is the first
 * entry into a stage mapped to won or later, kept only while the deal is won; lost_at is the last move into lost,
 * kept only while it is lost. A deal without history keeps its stage and uses its own close moment: `closedAt`
 * where given, else the moment stored before. Returns the ids of deals whose row changed.
 *
 * Each deal and its history are read by index per deal (LATERAL): the cost follows the number of deals given,
 * never the size of the org. The arrays sit in subqueries so the planner assumes a handful of deals and updates
 * them by primary key: seeing all of them, it hashed every deal of the org (young tables have no statistics).
 */
export async function recomputeDealOutcomes(
  db: DbOrTx,
  orgId: string,
  dealsToRecompute: readonly { id: number; closedAt?: string | null }[],
): Promise<number[]> {
  if (dealsToRecompute.length === 0) return [];
  const rows = await db.execute(sql`
    with affected as (
      select * from unnest(
        (select string_to_array(${dealsToRecompute.map((d) => d.id).join(",")}, ',')::int8[]),
        (select array(select c::timestamptz from jsonb_array_elements_text(${JSON.stringify(dealsToRecompute.map((d) => d.closedAt ?? null))}::text::jsonb)
          with ordinality as c(c, n) order by n))
      ) as t(deal_id, closed_at)
    ),
    state as (
      select d.id,
        coalesce(l.to_stage_id, d.stage_id) as stage_id,
        ${dealStatusOfStep(sql`coalesce(l.funnel_step, (select s.funnel_step from stages s where s.org_id = ${orgId}::uuid and s.id = d.stage_id))`)} as status,
        l.to_stage_id is not null as has_history,
        coalesce(t.closed_at, d.won_at, d.lost_at) as own_close,
        m.first_won_at, m.last_lost_at
      from affected t
      cross join lateral (
        select d.id, d.stage_id, d.won_at, d.lost_at from deals d where d.org_id = ${orgId}::uuid and d.id = t.deal_id limit 1
      ) d
      left join lateral (
        select e.to_stage_id, s.funnel_step
        from deal_stage_events e join stages s on s.org_id = e.org_id and s.id = e.to_stage_id
        where e.org_id = ${orgId}::uuid and e.deal_id = d.id
        order by e.at desc, e.id desc limit 1
      ) l on true
      cross join lateral (
        select min(e.at) filter (where s.funnel_step in ('won', 'fulfilled')) as first_won_at,
          max(e.at) filter (where s.funnel_step = 'lost') as last_lost_at
        from deal_stage_events e join stages s on s.org_id = e.org_id and s.id = e.to_stage_id
        where e.org_id = ${orgId}::uuid and e.deal_id = d.id
      ) m
    ),
    outcome as (
      select id, stage_id, status,
        case when status <> 'won' then null when has_history then first_won_at else own_close end as won_at,
        case when status <> 'lost' then null when has_history then last_lost_at else own_close end as lost_at
      from state
    )
    update deals d set stage_id = o.stage_id, status = o.status, won_at = o.won_at, lost_at = o.lost_at
    from outcome o
    where d.org_id = ${orgId}::uuid and d.id = o.id
      and (d.stage_id, d.status, d.won_at, d.lost_at) is distinct from (o.stage_id, o.status, o.won_at, o.lost_at)
    returning d.id`);
  return (rows as unknown as { id: string }[]).map((row) => Number(row.id));
}

/** The status a deal's current funnel step gives: won for won and later, lost for lost, else open. */
export function dealStatusOfStep(step: SQL): SQL {
  return sql`(case when ${step} in ('won', 'fulfilled') then 'won' when ${step} = 'lost' then 'lost' else 'open' end)::deal_status`;
}

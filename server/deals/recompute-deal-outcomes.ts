import { sql, type SQL } from "drizzle-orm";
import { unnestColumns, type DbOrTx } from "@/db/seed/bulk-upsert";

/**
 * Sets the current stage, status, won_at and lost_at of the given deals from their stage history, in one
 * statement (kpi-catalog, Conventions): the current stage is the last event's to-stage; the status is that
 * stage's terminal state (won for won/fulfilled, lost, else open: a reopened deal is open); won_at is the first
 * entry into a stage mapped to won or later, kept only while the deal is won; lost_at is the last move into lost,
 * kept only while it is lost. A deal without history keeps its stage and uses its own close moment: `closedAt`
 * where given, else the moment stored before. Returns the ids of deals whose row changed.
 */
export async function recomputeDealOutcomes(
  db: DbOrTx,
  orgId: string,
  dealsToRecompute: readonly { id: number; closedAt?: string | null }[],
): Promise<number[]> {
  if (dealsToRecompute.length === 0) return [];
  const rows = await db.execute(sql`
    with affected as (
      select * from ${unnestColumns([
        ["deal_id", "int8", dealsToRecompute.map((d) => d.id)],
        ["closed_at", "timestamptz", dealsToRecompute.map((d) => d.closedAt ?? null)],
      ])}
    ),
    history as (
      select e.deal_id, e.id, e.at, e.to_stage_id, s.funnel_step
      from deal_stage_events e
      join stages s on s.org_id = e.org_id and s.id = e.to_stage_id
      where e.org_id = ${orgId}::uuid and e.deal_id in (select deal_id from affected)
    ),
    last_event as (
      select distinct on (deal_id) deal_id, to_stage_id, funnel_step from history order by deal_id, at desc, id desc
    ),
    moments as (
      select deal_id,
        min(at) filter (where funnel_step in ('won', 'fulfilled')) as first_won_at,
        max(at) filter (where funnel_step = 'lost') as last_lost_at
      from history group by deal_id
    ),
    state as (
      select d.id,
        coalesce(l.to_stage_id, d.stage_id) as stage_id,
        ${dealStatusOfStep(sql`coalesce(l.funnel_step, s.funnel_step)`)} as status,
        l.deal_id is not null as has_history,
        coalesce(a.closed_at, d.won_at, d.lost_at) as own_close,
        m.first_won_at, m.last_lost_at
      from affected a
      join deals d on d.org_id = ${orgId}::uuid and d.id = a.deal_id
      left join last_event l on l.deal_id = d.id
      left join moments m on m.deal_id = d.id
      left join stages s on s.org_id = d.org_id and s.id = d.stage_id
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

import { sql, type SQL } from "drizzle-orm";
import type { OrgSettings } from "../org-settings";
import type { MetricFilters } from "../request";
import { filterConditions, needsRepCredit, needsTeam, ownerAt, teamAt } from "./attribution";
import { boundsValues, inBounds, type LabelledRange } from "./bounds";
import { instantParam } from "./params";
import { dealsPossiblyOpenAt, lastStageBefore, openAt } from "./snapshot";
import { lacksRate, rateOnOrBefore, toOrgCurrency } from "./won-deals";

export type StagesQuery = { org: OrgSettings; ranges: LabelledRange[]; filters?: MetricFilters; now: Date };

const days = (interval: SQL) => sql`extract(epoch from ${interval}) / 86400`;

/** Attribution of rows `c` (deal_id, at, owner_rep_id, pipeline_id, channel_id) for the filters: rep and team then. */
function credited(org: OrgSettings, filters: MetricFilters | undefined, rows: string): SQL {
  const repId = needsRepCredit(filters, undefined) ? ownerAt(org.id, sql`c.deal_id`, sql`c.at`, sql`c.owner_rep_id`) : sql`c.owner_rep_id`;
  const teamId = needsTeam(filters, undefined) ? teamAt(org, sql`c.rep_id`, sql`c.at`) : sql`null::bigint`;
  return sql`select p.* from (select c.*, ${teamId} as team_id from (select c.*, ${repId} as rep_id from ${sql.identifier(rows)} c) c) p
    where ${filterConditions(filters)}`;
}

/**
 * stage_duration per period and stage (kpi-catalog): over deals that left the stage in the period, the days they
 * spent in it, all stays up to the period end added up; and "stuck so far": deals in the stage at the snapshot
 * (period end, or now), with their days in it until then. A stay ends when the deal enters its next stage.
 * Columns: label, stage_id, left_n, days_mean, days_median, stuck_n, stuck_mean, stuck_median.
 */
export function stageDurationQuery({ org, ranges, filters, now }: StagesQuery): SQL {
  return sql`
    with
      bounds (label, start_at, end_at) as (${boundsValues(ranges)}),
      snapshots as (select b.label, b.start_at, b.end_at, least(b.end_at, ${instantParam(now)}) as snapshot_at from bounds b),
      stays as (
        select e.deal_id, e.to_stage_id as stage_id, e.at as entered_at,
          lead(e.at) over (partition by e.deal_id order by e.at, e.id) as left_at
        from deal_stage_events e
        where e.org_id = ${org.id} and e.at < (select max(snapshot_at) from snapshots)
          and e.deal_id in (select x.deal_id from deal_stage_events x where x.org_id = ${org.id} and x.at >= (select min(start_at) from bounds)
            union select d.id from deals d where d.org_id = ${org.id} and d.status = 'open')
      ),
      deal_info as (select d.id as deal_id, d.owner_rep_id, d.pipeline_id, d.channel_id from deals d where d.org_id = ${org.id}),
      -- Deals that left a stage in a period, with all their stays in that stage up to the period end.
      left_stays as (
        select b.label, t.deal_id, t.stage_id, max(t.left_at) filter (where ${inBounds(sql`t.left_at`)}) as at,
          sum(${days(sql`t.left_at - t.entered_at`)}) filter (where t.left_at < b.end_at) as stay_days
        from stays t join bounds b on true
        group by b.label, t.deal_id, t.stage_id
        having count(*) filter (where ${inBounds(sql`t.left_at`)}) > 0
      ),
      left_rows as (select l.*, i.owner_rep_id, i.pipeline_id, i.channel_id from left_stays l join deal_info i using (deal_id)),
      -- Deals in a stage at the snapshot: their last stay begun before it has not ended by then; all their stays
      -- in that stage before it added up.
      current_stays as (
        select distinct on (s.label, t.deal_id) s.label, s.snapshot_at, t.deal_id, t.stage_id, t.left_at
        from stays t join snapshots s on t.entered_at < s.snapshot_at
        order by s.label, t.deal_id, t.entered_at desc
      ),
      stuck_stays as (
        select c.label, c.deal_id, c.stage_id, c.snapshot_at as at,
          sum(${days(sql`least(coalesce(t.left_at, c.snapshot_at), c.snapshot_at) - t.entered_at`)}) as stay_days
        from current_stays c
        join stays t on t.deal_id = c.deal_id and t.stage_id = c.stage_id and t.entered_at < c.snapshot_at
        where (c.left_at is null or c.left_at >= c.snapshot_at)
          -- Closed deals are not stuck: won, fulfilled and lost stages have no "so far".
          and coalesce((select st.funnel_step not in ('won', 'fulfilled', 'lost') from stages st where st.org_id = ${org.id} and st.id = c.stage_id), true)
        group by c.label, c.snapshot_at, c.deal_id, c.stage_id
      ),
      stuck_rows as (select l.*, i.owner_rep_id, i.pipeline_id, i.channel_id from stuck_stays l join deal_info i using (deal_id)),
      done as (${credited(org, filters, "left_rows")}),
      stuck as (${credited(org, filters, "stuck_rows")}),
      keys as (select label, stage_id from done union select label, stage_id from stuck)
    select k.label, k.stage_id,
      (select count(*)::int from done p where p.label = k.label and p.stage_id = k.stage_id) as left_n,
      (select avg(p.stay_days)::float8 from done p where p.label = k.label and p.stage_id = k.stage_id) as days_mean,
      (select percentile_cont(0.5) within group (order by p.stay_days)::float8 from done p where p.label = k.label and p.stage_id = k.stage_id) as days_median,
      (select count(*)::int from stuck p where p.label = k.label and p.stage_id = k.stage_id) as stuck_n,
      (select avg(p.stay_days)::float8 from stuck p where p.label = k.label and p.stage_id = k.stage_id) as stuck_mean,
      (select percentile_cont(0.5) within group (order by p.stay_days)::float8 from stuck p where p.label = k.label and p.stage_id = k.stage_id) as stuck_median
    from keys k
    union all
    select p.label, null, count(*)::int, avg(p.stay_days)::float8, percentile_cont(0.5) within group (order by p.stay_days)::float8, 0, null, null
    from done p group by p.label`;
}

/**
 * conv_stage_to_stage per period (cohort: deals created in it, credited as created) and stage: deals that entered the
 * stage within the conversion window, and of those the ones that afterwards (still within the window) entered a later
 * stage of the same pipeline (higher position, not a lost stage). Columns: label, stage_id, entered, advanced.
 */
export function stageConversionQuery({ org, ranges, filters }: StagesQuery): SQL {
  const window = sql`make_interval(days => ${org.conversionWindowDays}::int)`;
  return sql`
    with
      bounds (label, start_at, end_at) as (${boundsValues(ranges)}),
      cohort as (
        select b.label, d.id as deal_id, d.created_at as at, d.owner_rep_id, d.pipeline_id, d.channel_id
        from deals d join bounds b on ${inBounds(sql`d.created_at`)} where d.org_id = ${org.id}
      ),
      members as (${credited(org, filters, "cohort")}),
      -- Each move within the window, with the highest position the deal later entered in the same pipeline
      -- (lost stages are no progress).
      moves as (
        select m.label, m.deal_id, e.to_stage_id as stage_id, st.position,
          max(case when st.funnel_step is distinct from 'lost' then st.position end) over (
            partition by m.label, m.deal_id, st.pipeline_id order by e.at, e.id rows between 1 following and unbounded following
          ) as later_max
        from members m
        join deal_stage_events e on e.org_id = ${org.id} and e.deal_id = m.deal_id and e.at < m.at + ${window}
        join stages st on st.org_id = e.org_id and st.id = e.to_stage_id
      ),
      entries as (
        select label, deal_id, stage_id, bool_or(later_max > position) as advanced from moves group by 1, 2, 3
      )
    select x.label, x.stage_id, count(*)::int as entered, count(*) filter (where x.advanced)::int as advanced
    from entries x group by 1, 2`;
}

/**
 * deals_by_stage per period: open deals at the snapshot (period end, or now) per stage they were in then (by
 * history; without history the deal's current stage), with their value in the org currency. Columns: label,
 * stage_id, n, amount_sum, no_rate, without_amount.
 */
export function dealsByStageQuery({ org, ranges, filters, now }: StagesQuery): SQL {
  return sql`
    with
      bounds (label, start_at, end_at) as (${boundsValues(ranges)}),
      open_deals as (
        select b.label, least(b.end_at, ${instantParam(now)}) as at, d.id as deal_id, d.owner_rep_id, d.pipeline_id, d.channel_id,
          case when stage.found then stage.stage_id else d.stage_id end as stage_id,
          case when d.amount <> 0 then ${toOrgCurrency(org, sql`d.amount`, sql`fx.rate`)} end as amount_org,
          ${lacksRate(org, sql`fx.rate`)} as no_rate, (d.amount is null or d.amount = 0) as without_amount
        from bounds b
        ${dealsPossiblyOpenAt(org.id, sql`least(b.end_at, ${instantParam(now)})`)}
        left join lateral ${lastStageBefore(sql`least(b.end_at, ${instantParam(now)})`)} stage on true
        left join lateral ${rateOnOrBefore(org, sql`least(b.end_at, ${instantParam(now)})`)} fx on true
        where ${openAt(sql`least(b.end_at, ${instantParam(now)})`)}
      ),
      kept as (${credited(org, filters, "open_deals")})
    select p.label, p.stage_id, count(*)::int as n, coalesce(sum(p.amount_org), 0)::float8 as amount_sum,
      count(*) filter (where p.no_rate)::int as no_rate, count(*) filter (where p.without_amount)::int as without_amount
    from kept p group by 1, 2`;
}

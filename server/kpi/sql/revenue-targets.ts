import { sql, type SQL } from "drizzle-orm";
import type { LocalDate } from "@/lib/zoned-time";
import { dateParam, textParam } from "./params";

/**
 * The targets of one plan metric (quotas.metric) per quota period (period_kind, period_start) starting in
 * [from, to), at every level, added up as the plans grid does (kpi-catalog, Plan vs. actual). Columns: scope
 * ('rep' | 'team' | 'org'), rep_id, team_id, period_kind, period_start (text), target.
 * - rep: each rep's quota, with team_id = the team the rep belongs to at the period start;
 * - team: the team's own quota where set, else the sum of the quotas of the reps in it at the period start;
 * - org: the org-scope quota where set; else each team's target as above, plus the quotas of reps in no team.
 * Choosing per quota period lets a month with an org target and a month planned per rep add up in one longer period.
 */
export function planTargets(orgId: string, metric: string, from: LocalDate, to: LocalDate): SQL {
  return sql`
    with q as (
      select * from quotas
      where org_id = ${orgId} and metric = ${textParam(metric)}
        and period_start >= ${dateParam(from)} and period_start < ${dateParam(to)}
    ),
    rep_targets as (
      select q.period_kind, q.period_start, q.rep_id, sum(q.target) as target,
        (select m.team_id from team_memberships m
          where m.org_id = q.org_id and m.rep_id = q.rep_id
            and m.valid_from <= q.period_start and (m.valid_to is null or m.valid_to > q.period_start)
          order by m.valid_from desc limit 1) as team_id
      from q where scope = 'rep' group by q.org_id, q.period_kind, q.period_start, q.rep_id
    ),
    own_team_targets as (
      select period_kind, period_start, team_id, sum(target) as target from q where scope = 'team' group by 1, 2, 3
    ),
    team_targets as (
      select period_kind, period_start, team_id, target from own_team_targets
      union all
      select r.period_kind, r.period_start, r.team_id, sum(r.target) from rep_targets r
      where r.team_id is not null and not exists (
        select 1 from own_team_targets t
        where t.period_kind = r.period_kind and t.period_start = r.period_start and t.team_id = r.team_id
      )
      group by 1, 2, 3
    ),
    below_org as (
      select period_kind, period_start, target from team_targets
      union all
      select period_kind, period_start, target from rep_targets where team_id is null
    ),
    org_targets as (
      select k.period_kind, k.period_start,
        coalesce(
          (select sum(o.target) from q o where o.scope = 'org' and o.period_kind = k.period_kind and o.period_start = k.period_start),
          (select sum(b.target) from below_org b where b.period_kind = k.period_kind and b.period_start = k.period_start)
        ) as target
      from (select distinct period_kind, period_start from q) k
    )
    select 'rep' as scope, rep_id, team_id, period_kind, period_start::text as period_start, target::float8 as target from rep_targets
    union all
    select 'team', null, team_id, period_kind, period_start::text, target::float8 from team_targets
    union all
    select 'org', null, null, period_kind, period_start::text, target::float8 from org_targets`;
}

/** Revenue targets per quota period starting in [from, to), org level (period_kind, period_start, target): see planTargets. */
export function revenueTargets(orgId: string, from: LocalDate, to: LocalDate): SQL {
  return sql`select t.period_kind, t.period_start::date as period_start, t.target
    from (${planTargets(orgId, "revenue_won", from, to)}) t where t.scope = 'org'`;
}

import { sql, type SQL } from "drizzle-orm";
import type { LocalDate } from "@/lib/zoned-time";
import { dateParam } from "./params";

/**
 * Revenue targets per quota period (period_kind, period_start) starting in [from, to), as the plans grid adds them
 * up (kpi-catalog, Plan vs. actual): the org-scope quota where set; else each team's own quota where set, else the
 * sum of its reps' quotas (a rep's team is the one they belong to at the period start), plus the quotas of reps in
 * no team. Choosing per quota period lets a month with an org target and a month planned per rep add up in one
 * longer period.
 */
export function revenueTargets(orgId: string, from: LocalDate, to: LocalDate): SQL {
  return sql`
    with q as (
      select * from quotas
      where org_id = ${orgId} and metric = 'revenue_won'
        and period_start >= ${dateParam(from)} and period_start < ${dateParam(to)}
    ),
    team_targets as (
      select period_kind, period_start, team_id, sum(target) as target from q where scope = 'team' group by 1, 2, 3
    ),
    rep_targets as (
      select q.period_kind, q.period_start, q.target,
        (select m.team_id from team_memberships m
          where m.org_id = q.org_id and m.rep_id = q.rep_id
            and m.valid_from <= q.period_start and (m.valid_to is null or m.valid_to > q.period_start)
          order by m.valid_from desc limit 1) as team_id
      from q where scope = 'rep'
    ),
    below_org as (
      select period_kind, period_start, target from team_targets
      union all
      select r.period_kind, r.period_start, r.target from rep_targets r
      where not exists (
        select 1 from team_targets t
        where t.period_kind = r.period_kind and t.period_start = r.period_start and t.team_id = r.team_id
      )
    )
    select k.period_kind, k.period_start,
      coalesce(
        (select sum(o.target) from q o where o.scope = 'org' and o.period_kind = k.period_kind and o.period_start = k.period_start),
        (select sum(b.target) from below_org b where b.period_kind = k.period_kind and b.period_start = k.period_start)
      ) as target
    from (select distinct period_kind, period_start from q) k`;
}

import { sql, type SQL } from "drizzle-orm";
import type { LocalDate } from "@/lib/zoned-time";
import { dateParam, textParam } from "./params";

/** An org whose targets to read, for quota periods starting in [from, to). */
export type TargetRange = { orgId: string; from: LocalDate; to: LocalDate };

/**
 * The targets of one plan metric (quotas.metric) per org and quota period (period_kind, period_start) starting in
 * the org's [from, to), at every level, added up as the plans grid does (kpi-catalog, Plan vs. actual). Columns:
 * org_id, scope ('rep' | 'team' | 'org'), rep_id, team_id, period_kind, period_start (text), target.
 * - rep: each rep's quota, with team_id = the team the rep belongs to at the period start;
 * - team: the team's own quota where set, else the sum of the quotas of the reps in it at the period start;
 * - org: the org-scope quota where set; else each team's target as above, plus the quotas of reps in no team.
 * Choosing per quota period lets a month with an org target and a month planned per rep add up in one longer period.
 * One statement for any number of orgs.
 */
export function planTargetsFor(ranges: TargetRange[], metric: string): SQL {
  const values = sql.join(
    ranges.map((r) => sql`(${r.orgId}::uuid, ${dateParam(r.from)}, ${dateParam(r.to)})`),
    sql`, `,
  );
  return sql`
    with target_ranges (org_id, from_day, to_day) as (values ${values}),
    q as (
      select x.* from target_ranges t
      join quotas x on x.org_id = t.org_id and x.metric = ${textParam(metric)}
        and x.period_start >= t.from_day and x.period_start < t.to_day
    ),
    rep_targets as (
      select q.org_id, q.period_kind, q.period_start, q.rep_id, sum(q.target) as target,
        (select m.team_id from team_memberships m
          where m.org_id = q.org_id and m.rep_id = q.rep_id
            and m.valid_from <= q.period_start and (m.valid_to is null or m.valid_to > q.period_start)
          order by m.valid_from desc limit 1) as team_id
      from q where scope = 'rep' group by q.org_id, q.period_kind, q.period_start, q.rep_id
    ),
    own_team_targets as (
      select org_id, period_kind, period_start, team_id, sum(target) as target from q where scope = 'team' group by 1, 2, 3, 4
    ),
    team_targets as (
      select org_id, period_kind, period_start, team_id, target from own_team_targets
      union all
      select r.org_id, r.period_kind, r.period_start, r.team_id, sum(r.target) from rep_targets r
      where r.team_id is not null and not exists (
        select 1 from own_team_targets t
        where t.org_id = r.org_id and t.period_kind = r.period_kind and t.period_start = r.period_start and t.team_id = r.team_id
      )
      group by 1, 2, 3, 4
    ),
    below_org as (
      select org_id, period_kind, period_start, target from team_targets
      union all
      select org_id, period_kind, period_start, target from rep_targets where team_id is null
    ),
    org_targets as (
      select k.org_id, k.period_kind, k.period_start,
        coalesce(
          (select sum(o.target) from q o where o.org_id = k.org_id and o.scope = 'org' and o.period_kind = k.period_kind and o.period_start = k.period_start),
          (select sum(b.target) from below_org b where b.org_id = k.org_id and b.period_kind = k.period_kind and b.period_start = k.period_start)
        ) as target
      from (select distinct org_id, period_kind, period_start from q) k
    )
    select org_id, 'rep' as scope, rep_id, team_id, period_kind, period_start::text as period_start, target::float8 as target from rep_targets
    union all
    select org_id, 'team', null, team_id, period_kind, period_start::text, target::float8 from team_targets
    union all
    select org_id, 'org', null, null, period_kind, period_start::text, target::float8 from org_targets`;
}

/** planTargetsFor one org. */
export const planTargets = (orgId: string, metric: string, from: LocalDate, to: LocalDate): SQL => planTargetsFor([{ orgId, from, to }], metric);

/** Revenue targets per quota period starting in [from, to), org level (period_kind, period_start, target): see planTargets. */
export function revenueTargets(orgId: string, from: LocalDate, to: LocalDate): SQL {
  return sql`select t.period_kind, t.period_start::date as period_start, t.target
    from (${planTargets(orgId, "revenue_won", from, to)}) t where t.scope = 'org'`;
}

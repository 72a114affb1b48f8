import { sql, type SQL } from "drizzle-orm";
import type { LocalDate } from "@/lib/zoned-time";
import { dateParam } from "./params";

/**
 * Revenue targets per quota period (period_kind, period_start) starting in [from, to): the org-scope quota
 * where set, else the sum of team quotas, else the sum of rep quotas. Choosing per quota period lets a month
 * with an org target and a month planned only per rep add up in one longer period.
 */
export function revenueTargets(orgId: string, from: LocalDate, to: LocalDate): SQL {
  return sql`
    select q.period_kind, q.period_start,
      coalesce(
        sum(q.target) filter (where q.scope = 'org'),
        sum(q.target) filter (where q.scope = 'team'),
        sum(q.target) filter (where q.scope = 'rep')
      ) as target
    from quotas q
    where q.org_id = ${orgId} and q.metric = 'revenue_won'
      and q.period_start >= ${dateParam(from)} and q.period_start < ${dateParam(to)}
    group by q.period_kind, q.period_start`;
}

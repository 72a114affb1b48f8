import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { ZonedRange } from "@/lib/periods";
import { dateParam } from "@/server/kpi/sql/params";
import { revenueTargets } from "@/server/kpi/sql/revenue-targets";

export type RevenuePlan = { current: number | null; comparison: number | null };

/**
 * The revenue target of the period and of its comparison period: the org's (as the plans grid adds it up), or one
 * rep's own quotas for a rep's personal view. Null where no target is set.
 */
export async function loadRevenuePlan(
  db: Db,
  orgId: string,
  ranges: { current: ZonedRange; comparison?: ZonedRange },
  repId?: number,
): Promise<RevenuePlan> {
  const targetIn = (range: ZonedRange | undefined) => {
    if (!range) return sql`null::float8`;
    const source =
      repId === undefined
        ? sql`(${revenueTargets(orgId, range.from, range.to)}) t`
        : sql`quotas t where t.org_id = ${orgId} and t.metric = 'revenue_won' and t.scope = 'rep' and t.rep_id = ${repId}
            and t.period_start >= ${dateParam(range.from)} and t.period_start < ${dateParam(range.to)}`;
    return sql`(select sum(t.target) from ${source})::float8`;
  };
  const [row] = await db.execute<{ current: number | null; comparison: number | null }>(
    sql`select ${targetIn(ranges.current)} as current, ${targetIn(ranges.comparison)} as comparison`,
  );
  return { current: row?.current ?? null, comparison: row?.comparison ?? null };
}

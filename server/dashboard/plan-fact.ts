import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { ZonedRange } from "@/lib/periods";
import type { OrgSettings } from "@/server/kpi/org-settings";
import { ratioOrNull } from "@/server/kpi/ratios";
import { ownerAt } from "@/server/kpi/sql/attribution";
import { dateParam } from "@/server/kpi/sql/params";
import { wonDealsInOrgCurrency } from "@/server/kpi/sql/won-deals";

export type RepPlanFact = {
  /** null: won deals that had no owner at the won moment. */
  repId: number | null;
  name: string | null;
  team: string | null;
  target: number | null;
  revenue: number;
  attainment: number | null;
  remaining: number | null;
  dealsWon: number;
};

type Row = { rep_id: number | null; name: string | null; team: string | null; target: number | null; revenue: number; deals_won: number };

/**
 * Plan vs. actual per rep for the period: rep revenue quotas starting in it against revenue won, credited to the
 * rep who owned the deal at the won moment (the last owner change before it; before the first change, that
 * change's previous owner; without owner history, the current owner). Reps with a target or a won deal appear,
 * best attainment first. The team is the rep's team during the period (the latest membership overlapping it).
 */
export async function loadPlanFact(db: Db, org: OrgSettings, period: ZonedRange): Promise<RepPlanFact[]> {
  const rows = await db.execute<Row>(sql`
    with
      won as (${wonDealsInOrgCurrency(org, period)}),
      credited as (
        select w.amount_org, ${ownerAt(org.id, sql`w.id`, sql`w.won_at`, sql`w.owner_rep_id`)} as rep_id from won w
      ),
      actuals as (
        select rep_id, count(*)::int as deals_won, coalesce(sum(amount_org), 0) as revenue from credited group by rep_id
      ),
      targets as (
        select q.rep_id, sum(q.target) as target from quotas q
        where q.org_id = ${org.id} and q.metric = 'revenue_won' and q.scope = 'rep'
          and q.period_start >= ${dateParam(period.from)} and q.period_start < ${dateParam(period.to)}
        group by q.rep_id
      )
    select coalesce(a.rep_id, t.rep_id) as rep_id, r.name, team.name as team, t.target::float8 as target,
      coalesce(a.revenue, 0)::float8 as revenue, coalesce(a.deals_won, 0) as deals_won
    from actuals a
    full join targets t on t.rep_id = a.rep_id
    left join reps r on r.org_id = ${org.id} and r.id = coalesce(a.rep_id, t.rep_id)
    left join lateral (
      select tm.name from team_memberships m
      join teams tm on tm.org_id = m.org_id and tm.id = m.team_id
      where m.org_id = ${org.id} and m.rep_id = r.id
        and m.valid_from < ${dateParam(period.to)} and (m.valid_to is null or m.valid_to > ${dateParam(period.from)})
      order by m.valid_from desc limit 1
    ) team on true`);
  return rows.map(toPlanFact).sort(byAttainment);
}

function toPlanFact(row: Row): RepPlanFact {
  return {
    repId: row.rep_id === null ? null : Number(row.rep_id),
    name: row.name,
    team: row.team,
    target: row.target,
    revenue: row.revenue,
    attainment: ratioOrNull(row.revenue, row.target),
    remaining: row.target === null ? null : Math.max(row.target - row.revenue, 0),
    dealsWon: row.deals_won,
  };
}

/** Best attainment first; reps without a target after those with one; then by revenue and name. */
function byAttainment(a: RepPlanFact, b: RepPlanFact): number {
  return (
    (b.attainment ?? -Infinity) - (a.attainment ?? -Infinity) ||
    b.revenue - a.revenue ||
    (a.name ?? "").localeCompare(b.name ?? "")
  );
}

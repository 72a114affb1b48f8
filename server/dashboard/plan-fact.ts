import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { ZonedRange } from "@/lib/periods";
import { computeMetricsFor } from "@/server/kpi/compute";
import { VIEW_REUSE } from "@/server/kpi/results-cache";
import type { OrgSettings } from "@/server/kpi/org-settings";
import type { MetricResult } from "@/server/kpi/results";
import { dateParam } from "@/server/kpi/sql/params";

export type RepPlanFact = {
  /** null: won deals that had no owner at the won moment. */
  repId: number | null;
  name: string | null;
  /** The rep's team during the period (the latest membership overlapping it). */
  teamId: number | null;
  team: string | null;
  target: number | null;
  revenue: number;
  attainment: number | null;
  remaining: number | null;
  dealsWon: number;
};

type RepRow = { id: number; name: string; team_id: number | null; team: string | null };

/**
 * Plan vs. actual per rep for the period, from the KPI engine (plan_attainment of revenue_won by rep): revenue won
 * credited to the rep who owned the deal at the won moment, against the rep's revenue quotas within the period.
 * Reps with a target or a won deal appear, best attainment first. The team shown is the rep's team during the
 * period (the latest membership overlapping it).
 */
export async function loadPlanFact(db: Db, org: OrgSettings, period: ZonedRange, now = new Date()): Promise<RepPlanFact[]> {
  const { metrics } = await computeMetricsFor(
    db,
    org,
    { current: period },
    { metrics: ["plan_attainment", "plan_remaining", "revenue_won", "deals_won"], breakdown: "rep" },
    now,
    VIEW_REUSE,
  );
  const [attainment, remaining, revenue, dealsWon] = metrics as [MetricResult, MetricResult, MetricResult, MetricResult];
  // Reps with a target (an org without any plan has no attainment breakdown) or a won deal.
  const keys = [...new Set([...(attainment.breakdown ?? []), ...(revenue.breakdown ?? [])].map((g) => g.key))];
  const repIds = keys.filter((key) => key !== "").map(Number);
  const reps = repIds.length === 0 ? [] : await db.execute<RepRow>(sql`
    select r.id, r.name, team.id as team_id, team.name as team from reps r
    left join lateral (
      select tm.id, tm.name from team_memberships m
      join teams tm on tm.org_id = m.org_id and tm.id = m.team_id
      where m.org_id = r.org_id and m.rep_id = r.id
        and m.valid_from < ${dateParam(period.to)} and (m.valid_to is null or m.valid_to > ${dateParam(period.from)})
      order by m.valid_from desc limit 1
    ) team on true
    where r.org_id = ${org.id} and r.id in (${sql.join(repIds.map((id) => sql`${id}::bigint`), sql`, `)})`);
  const valueOf = (result: MetricResult, key: string) => result.breakdown?.find((g) => g.key === key)?.value ?? null;
  const rows = keys.map((key): RepPlanFact => {
    const rep = reps.find((r) => String(r.id) === key);
    return {
      repId: key === "" ? null : Number(key),
      name: rep?.name ?? null,
      teamId: rep?.team_id === undefined || rep.team_id === null ? null : Number(rep.team_id),
      team: rep?.team ?? null,
      target: attainment.breakdown?.find((g) => g.key === key)?.plan?.target ?? null,
      revenue: valueOf(revenue, key) ?? 0,
      attainment: valueOf(attainment, key),
      remaining: valueOf(remaining, key),
      dealsWon: valueOf(dealsWon, key) ?? 0,
    };
  });
  return rows.sort(byAttainment);
}

/** Best attainment first; reps without a target after those with one; then by revenue and name. */
function byAttainment(a: RepPlanFact, b: RepPlanFact): number {
  return (
    (b.attainment ?? -Infinity) - (a.attainment ?? -Infinity) ||
    b.revenue - a.revenue ||
    (a.name ?? "").localeCompare(b.name ?? "")
  );
}

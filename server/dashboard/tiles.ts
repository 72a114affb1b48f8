import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { ResolvedPeriod } from "@/lib/periods";
import { computeMetricsFor } from "@/server/kpi/compute";
import type { OrgSettings } from "@/server/kpi/org-settings";
import { changeBetween, ratioOrNull, type Change } from "@/server/kpi/ratios";
import { dateParam } from "@/server/kpi/sql/params";
import { revenueTargets } from "@/server/kpi/sql/revenue-targets";

/** Tiles whose numbers come from the KPI engine, with their display unit. */
const engineTiles = {
  leads_created: "count",
  leads_qualified: "count",
  meetings_held: "count",
  deals_won: "count",
  revenue_won: "money",
} as const;
type EngineTileId = keyof typeof engineTiles;

export type TileId = EngineTileId | "plan_attainment";

export type Tile = {
  id: TileId;
  unit: "count" | "money" | "ratio";
  /** null = no value (shown as "—"). */
  value: number | null;
  previous: number | null;
  change: Change;
  /** revenue_won: won deals left out because no exchange rate was known, and won deals without an amount. */
  excludedNoRate?: number;
  withoutAmount?: number;
  /** plan_attainment without a revenue target: "needs data: plan". */
  needsData?: "plan";
};

type PlanRow = { current_target: number | null; previous_target: number | null; has_deals: boolean };

/** Revenue targets of the period and of its comparison period, and whether the org has any deals at all. */
async function loadTargets(db: Db, org: OrgSettings, period: ResolvedPeriod): Promise<PlanRow> {
  const targetIn = (range: { from: string; to: string }) =>
    sql`(select sum(t.target) from targets t where t.period_start >= ${dateParam(range.from)} and t.period_start < ${dateParam(range.to)})::float8`;
  const [row] = await db.execute<PlanRow>(sql`
    with targets as (${revenueTargets(org.id, period.previous.from, period.current.to)})
    select ${targetIn(period.current)} as current_target, ${targetIn(period.previous)} as previous_target,
      exists (select 1 from deals d where d.org_id = ${org.id}) as has_deals`);
  return row!;
}

function tile(id: TileId, unit: Tile["unit"], value: number | null, previous: number | null): Tile {
  return { id, unit, value, previous, change: changeBetween(value, previous) };
}

/** The six head-of-sales tiles with their comparison values, and whether the org has any deals at all. */
export async function loadTiles(
  db: Db,
  org: OrgSettings,
  period: ResolvedPeriod,
  now: Date,
): Promise<{ tiles: Tile[]; hasDeals: boolean }> {
  const ids = Object.keys(engineTiles) as EngineTileId[];
  const [computed, plan] = await Promise.all([
    computeMetricsFor(db, org, { current: period.current, comparison: period.previous }, { metrics: ids }, now),
    loadTargets(db, org, period),
  ]);
  const metric = (id: EngineTileId) => computed.metrics.find((m) => m.id === id)!;
  const engineTile = (id: EngineTileId) => tile(id, engineTiles[id], metric(id).value, metric(id).comparison?.value ?? null);
  const revenue = metric("revenue_won");
  const tiles: Tile[] = [
    ...ids.filter((id) => id !== "revenue_won").map(engineTile),
    { ...engineTile("revenue_won"), excludedNoRate: revenue.excluded?.noRate ?? 0, withoutAmount: revenue.excluded?.withoutAmount ?? 0 },
    {
      ...tile(
        "plan_attainment",
        "ratio",
        ratioOrNull(revenue.value, plan.current_target),
        ratioOrNull(revenue.comparison?.value ?? null, plan.previous_target),
      ),
      ...(plan.current_target === null ? { needsData: "plan" as const } : {}),
    },
  ];
  return { tiles, hasDeals: plan.has_deals };
}

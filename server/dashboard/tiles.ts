import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { ResolvedPeriod, ZonedRange } from "@/lib/periods";
import type { OrgSettings } from "@/server/kpi/org-settings";
import { changeBetween, ratioOrNull, type Change } from "@/server/kpi/ratios";
import { dateParam, instantParam } from "@/server/kpi/sql/params";
import { revenueTargets } from "@/server/kpi/sql/revenue-targets";
import { dealStepReach, reachedAtColumn, stepsFrom } from "@/server/kpi/sql/step-reach";
import { wonDealsInOrgCurrency } from "@/server/kpi/sql/won-deals";

export type TileId = "leads_created" | "leads_qualified" | "meetings_held" | "deals_won" | "revenue_won" | "plan_attainment";

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

type PeriodValues = {
  leads_created: number;
  leads_qualified: number;
  meetings_held: number;
  deals_won: number;
  revenue_won: number;
  excluded_no_rate: number;
  without_amount: number;
  revenue_target: number | null;
  has_deals: boolean;
};

const inRange = (column: SQL) => sql`${column} >= b.start_at and ${column} < b.end_at`;

const bound = (label: string, range: ZonedRange) =>
  sql`(${label}::text, ${instantParam(range.start)}, ${instantParam(range.end)}, ${dateParam(range.from)}, ${dateParam(range.to)})`;

/** The tile values of the period and of its comparison period, in one query (the two periods are adjacent). */
async function loadPeriodValues(db: Db, org: OrgSettings, period: ResolvedPeriod) {
  const span = { start: period.previous.start, end: period.current.end };
  const qualifiedAt = sql`r.${reachedAtColumn("qualified")}`;
  const meetingHeldAt = sql`r.${reachedAtColumn("meeting_held")}`;
  const rows = await db.execute<PeriodValues & { label: "current" | "previous" }>(sql`
    with
      won as (${wonDealsInOrgCurrency(org, span)}),
      -- A deal first reaches a step in the span by entering a qualified-or-later stage in it, or by its won_at.
      reached as (${dealStepReach(
        org.id,
        sql`d.id in (
          select e.deal_id from deal_stage_events e
          join stages s on s.org_id = e.org_id and s.id = e.to_stage_id
          where e.org_id = ${org.id} and e.at >= ${instantParam(span.start)} and e.at < ${instantParam(span.end)}
            and s.funnel_step in (${stepsFrom("qualified")})
          union select w.id from won w)`,
      )}),
      targets as (${revenueTargets(org.id, period.previous.from, period.current.to)}),
      bounds (label, start_at, end_at, from_day, to_day) as (values ${bound("current", period.current)}, ${bound("previous", period.previous)})
    select b.label,
      (select count(*) from deals d where d.org_id = ${org.id} and ${inRange(sql`d.created_at`)})::int as leads_created,
      (select count(*) from reached r where ${inRange(qualifiedAt)})::int as leads_qualified,
      (select count(*) from reached r where ${inRange(meetingHeldAt)})::int as meetings_held,
      w.deals_won, w.revenue_won, w.excluded_no_rate, w.without_amount,
      (select sum(t.target) from targets t where t.period_start >= b.from_day and t.period_start < b.to_day)::float8 as revenue_target,
      exists (select 1 from deals d where d.org_id = ${org.id}) as has_deals
    from bounds b
    cross join lateral (
      select count(*)::int as deals_won,
        coalesce(sum(w.amount_org), 0)::float8 as revenue_won,
        count(*) filter (where w.no_rate)::int as excluded_no_rate,
        count(*) filter (where w.without_amount)::int as without_amount
      from won w where ${inRange(sql`w.won_at`)}
    ) w`);
  const current = rows.find((row) => row.label === "current")!;
  const previous = rows.find((row) => row.label === "previous")!;
  return { current, previous };
}

function tile(id: TileId, unit: Tile["unit"], value: number | null, previous: number | null): Tile {
  return { id, unit, value, previous, change: changeBetween(value, previous) };
}

/** The six head-of-sales tiles with their comparison values, and whether the org has any deals at all. */
export async function loadTiles(db: Db, org: OrgSettings, period: ResolvedPeriod): Promise<{ tiles: Tile[]; hasDeals: boolean }> {
  const { current, previous } = await loadPeriodValues(db, org, period);
  const attainment = (values: PeriodValues) => ratioOrNull(values.revenue_won, values.revenue_target);
  const tiles: Tile[] = [
    tile("leads_created", "count", current.leads_created, previous.leads_created),
    tile("leads_qualified", "count", current.leads_qualified, previous.leads_qualified),
    tile("meetings_held", "count", current.meetings_held, previous.meetings_held),
    tile("deals_won", "count", current.deals_won, previous.deals_won),
    {
      ...tile("revenue_won", "money", current.revenue_won, previous.revenue_won),
      excludedNoRate: current.excluded_no_rate,
      withoutAmount: current.without_amount,
    },
    {
      ...tile("plan_attainment", "ratio", attainment(current), attainment(previous)),
      ...(current.revenue_target === null ? { needsData: "plan" as const } : {}),
    },
  ];
  return { tiles, hasDeals: current.has_deals };
}

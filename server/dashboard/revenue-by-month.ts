import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { addDays, addMonths, monthStart, zonedRange, type ZonedRange } from "@/lib/periods";
import type { LocalDate } from "@/lib/zoned-time";
import type { OrgSettings } from "@/server/kpi/org-settings";
import { textParam } from "@/server/kpi/sql/params";
import { revenueTargets } from "@/server/kpi/sql/revenue-targets";
import { wonDealsInOrgCurrency } from "@/server/kpi/sql/won-deals";

export const REVENUE_CHART_MONTHS = 12;

export type MonthRevenue = {
  /** First day of the month, "YYYY-MM-01", in the org's calendar. */
  month: LocalDate;
  revenue: number;
  /** The month's revenue target (quota periods starting in the month), or null without one. */
  target: number | null;
};

/** Revenue won per month (in the org's time zone) for the 12 months ending with the period's last month, beside the plan. */
export async function loadRevenueByMonth(db: Db, org: OrgSettings, period: ZonedRange): Promise<MonthRevenue[]> {
  const lastMonth = monthStart(addDays(period.to, -1));
  const months = Array.from({ length: REVENUE_CHART_MONTHS }, (_, i) => addMonths(lastMonth, i - REVENUE_CHART_MONTHS + 1));
  const chart = zonedRange(months[0]!, addMonths(lastMonth, 1), org.timeZone);
  const rows = await db.execute<{ kind: "revenue" | "target"; month: LocalDate; amount: number }>(sql`
    with
      won as (${wonDealsInOrgCurrency(org, chart)}),
      targets as (${revenueTargets(org.id, chart.from, chart.to)})
    select 'revenue' as kind, to_char(w.won_at at time zone ${textParam(org.timeZone)}, 'YYYY-MM-01') as month,
      coalesce(sum(w.amount_org), 0)::float8 as amount
    from won w group by 2
    union all
    select 'target', to_char(t.period_start, 'YYYY-MM-01'), sum(t.target)::float8 from targets t group by 2`);
  const amount = (kind: "revenue" | "target", month: LocalDate) => rows.find((r) => r.kind === kind && r.month === month)?.amount;
  return months.map((month) => ({ month, revenue: amount("revenue", month) ?? 0, target: amount("target", month) ?? null }));
}

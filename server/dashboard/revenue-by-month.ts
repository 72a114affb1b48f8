import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { addDays, addMonths, monthStart, zonedRange, type ZonedRange } from "@/lib/periods";
import type { LocalDate } from "@/lib/zoned-time";
import { computeMetricsFor } from "@/server/kpi/compute";
import type { OrgSettings } from "@/server/kpi/org-settings";
import { revenueTargets } from "@/server/kpi/sql/revenue-targets";

export const REVENUE_CHART_MONTHS = 12;

export type MonthRevenue = {
  /** First day of the month, "YYYY-MM-01", in the org's calendar. */
  month: LocalDate;
  revenue: number;
  /** The month's revenue target (quota periods starting in the month), or null without one. */
  target: number | null;
};

/** Revenue won per month (in the org's time zone) for the 12 months ending with the period's last month, beside the plan. */
export async function loadRevenueByMonth(db: Db, org: OrgSettings, period: ZonedRange, now: Date): Promise<MonthRevenue[]> {
  const lastMonth = monthStart(addDays(period.to, -1));
  const months = Array.from({ length: REVENUE_CHART_MONTHS }, (_, i) => addMonths(lastMonth, i - REVENUE_CHART_MONTHS + 1));
  const chart = zonedRange(months[0]!, addMonths(lastMonth, 1), org.timeZone);
  const [revenue, targets] = await Promise.all([
    computeMetricsFor(db, org, { current: chart }, { metrics: ["revenue_won"], breakdown: "month" }, now),
    db.execute<{ month: LocalDate; target: number }>(sql`
      select to_char(t.period_start, 'YYYY-MM-01') as month, sum(t.target)::float8 as target
      from (${revenueTargets(org.id, chart.from, chart.to)}) t group by 1`),
  ]);
  const byMonth = revenue.metrics[0]!.breakdown ?? [];
  return months.map((month) => ({
    month,
    revenue: byMonth.find((row) => row.key === month)?.value ?? 0,
    target: targets.find((row) => row.month === month)?.target ?? null,
  }));
}

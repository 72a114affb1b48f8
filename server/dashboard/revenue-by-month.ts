import type { Db } from "@/db/client";
import { addDays, addMonths, monthStart, zonedRange, type ZonedRange } from "@/lib/periods";
import type { LocalDate } from "@/lib/zoned-time";
import { computeMetricsFor } from "@/server/kpi/compute";
import type { OrgSettings } from "@/server/kpi/org-settings";

export const REVENUE_CHART_MONTHS = 12;

export type MonthRevenue = {
  /** First day of the month, "YYYY-MM-01", in the org's calendar. */
  month: LocalDate;
  revenue: number;
  /** The month's revenue target (quota periods within the month), or null without one. */
  target: number | null;
};

/**
 * Revenue won per month (in the org's time zone) for the 12 months ending with the period's last month, beside the
 * plan: both from the KPI engine (revenue_won and plan_attainment's targets, by month).
 */
export async function loadRevenueByMonth(db: Db, org: OrgSettings, period: ZonedRange, now: Date): Promise<MonthRevenue[]> {
  const lastMonth = monthStart(addDays(period.to, -1));
  const months = Array.from({ length: REVENUE_CHART_MONTHS }, (_, i) => addMonths(lastMonth, i - REVENUE_CHART_MONTHS + 1));
  const chart = zonedRange(months[0]!, addMonths(lastMonth, 1), org.timeZone);
  const { metrics } = await computeMetricsFor(db, org, { current: chart }, { metrics: ["revenue_won", "plan_attainment"], breakdown: "month" }, now);
  const [revenue, plan] = metrics;
  return months.map((month) => ({
    month,
    revenue: revenue!.breakdown?.find((row) => row.key === month)?.value ?? 0,
    target: plan!.breakdown?.find((row) => row.key === month)?.plan?.target ?? null,
  }));
}

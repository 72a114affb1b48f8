import { getFormatter, getTranslations } from "next-intl/server";
import { addDays } from "@/lib/periods";
import { zonedTimeToInstant, type LocalDate } from "@/lib/zoned-time";
import type { HeadOfSalesDashboard } from "@/server/dashboard/head-of-sales";
import { FunnelCard } from "./funnel-card";
import { KpiTile } from "./kpi-tile";
import { PeriodPicker } from "./period-picker";
import { PlanFactTable } from "./plan-fact-table";
import { RevenueChartCard } from "./revenue-chart-card";

/** The head of sales' dashboard: period, six tiles, funnel, revenue vs plan, plan/fact per manager. */
export async function HeadOfSalesView({ dashboard }: { dashboard: HeadOfSalesDashboard }) {
  const t = await getTranslations("dashboard");
  const format = await getFormatter();
  const { currency, timeZone, period } = dashboard;
  const day = (date: LocalDate) => zonedTimeToInstant({ date }, timeZone);
  const dateRange = ({ from, to }: { from: LocalDate; to: LocalDate }) =>
    format.dateTimeRange(day(from), day(addDays(to, -1)), { dateStyle: "medium", timeZone });
  const lastDay = addDays(period.current.to, -1);

  return (
    <div className="space-y-6">
      <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
        <div>
          <h1 className="text-2xl font-semibold text-gray-900">{t("title")}</h1>
          <p className="mt-1 text-sm text-gray-700">{dateRange(period.current)}</p>
          <p className="text-xs text-gray-500">{t("comparedWith", { range: dateRange(period.previous) })}</p>
        </div>
        <PeriodPicker key={`${period.preset}:${period.current.from}:${lastDay}`} preset={period.preset} from={period.current.from} to={lastDay} />
      </div>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {dashboard.tiles.map((tile) => (
          <KpiTile key={tile.id} tile={tile} currency={currency} />
        ))}
      </div>
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <FunnelCard funnel={dashboard.funnel} />
        <RevenueChartCard months={dashboard.revenueByMonth} currency={currency} timeZone={timeZone} />
      </div>
      <PlanFactTable rows={dashboard.planFact} currency={currency} />
    </div>
  );
}

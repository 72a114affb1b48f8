import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { addDays } from "@/lib/periods";
import { zonedTimeToInstant, type LocalDate } from "@/lib/zoned-time";
import type { RoleDashboard } from "@/server/dashboard/role-dashboard";
import { DashboardProvider } from "./dashboard-context";
import { FilterBar } from "./filter-bar";
import type { Benchmark } from "./metric-tile";
import { PeriodPicker } from "./period-picker";
import { WidgetCard } from "./widget-card";
import { widgetSpan } from "./widget-span";

type Props = {
  dashboard: RoleDashboard;
  orgSlug: string;
  /** Cross-client quartiles per metric id (the agency benchmark), shown on the tiles of those metrics. */
  benchmarks?: Record<string, Benchmark>;
};

/** The dashboard of the viewer's role: heading, period and filters, then its widgets in their saved order. */
export async function RoleDashboardView({ dashboard, orgSlug, benchmarks }: Props) {
  const t = await getTranslations("dashboard");
  const tRoles = await getTranslations("common.roles");
  const format = await getFormatter();
  const { currency, timeZone, period, comparisonPeriod, filters, viewer } = dashboard;
  const day = (date: LocalDate) => zonedTimeToInstant({ date }, timeZone);
  const dateRange = ({ from, to }: { from: LocalDate; to: LocalDate }) =>
    format.dateTimeRange(day(from), day(addDays(to, -1)), { dateStyle: "medium", timeZone });
  const lastDay = addDays(period.to, -1);
  const preset = filters.period.period;

  return (
    <DashboardProvider orgSlug={orgSlug} currency={currency} timeZone={timeZone} filters={filters} options={dashboard.options} customMetricNames={dashboard.customMetricNames}>
      <div className="space-y-6">
        <div className="flex flex-col gap-4 lg:flex-row lg:items-start lg:justify-between">
          <div>
            <h1 className="text-2xl font-semibold text-gray-900">{t("title")}</h1>
            <p className="mt-1 text-sm text-gray-700">
              {t("roleDashboard", { role: tRoles(dashboard.role) })} · {dateRange(period)}
            </p>
            <p className="text-xs text-gray-500">{t("comparedWith", { range: dateRange(comparisonPeriod) })}</p>
            {viewer.scope === "rep" && (
              <p className="mt-1 text-sm text-blue-800" data-testid="personal-view">
                {t("personal", { rep: viewer.repName })}
              </p>
            )}
          </div>
          <div className="flex flex-col items-stretch gap-3 lg:items-end">
            <PeriodPicker key={`${preset}:${period.from}:${lastDay}`} preset={preset} from={period.from} to={lastDay} />
            {dashboard.canEdit && (
              <Link href={`/o/${orgSlug}/dashboard/edit?role=${dashboard.role}`} className="self-end text-sm font-medium text-blue-700 hover:underline">
                {t("edit")}
              </Link>
            )}
          </div>
        </div>
        <FilterBar filters={filters} options={dashboard.options} personal={viewer.scope === "rep"} />
        <div className="grid grid-flow-row-dense grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-6">
          {dashboard.widgets.map((data) => (
            <div key={data.widget.id} className={widgetSpan(data.widget.type)}>
              <WidgetCard
                data={data}
                revenuePlan={dashboard.revenuePlan.current}
                conversionWindowDays={dashboard.conversionWindowDays}
                benchmark={data.widget.type === "tile" ? benchmarks?.[data.widget.metrics[0]!] : undefined}
              />
            </div>
          ))}
        </div>
      </div>
    </DashboardProvider>
  );
}

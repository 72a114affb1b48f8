import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { CustomMetricForm } from "@/components/custom-metrics/custom-metric-form";
import { CustomMetricList } from "@/components/custom-metrics/custom-metric-list";
import { ValueGridEditor } from "@/components/custom-metrics/value-grid-editor";
import { PageHeader } from "@/components/ui/page-header";
import { addMonths } from "@/lib/periods";
import { localDateAt } from "@/lib/zoned-time";
import type { CustomMetric } from "@/db/schema/dashboards";
import { orgQuery } from "../../org-query";

type Props = { params: Promise<{ org: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
const monthsPerPage: Record<CustomMetric["granularity"], number> = { month: 12, week: 3, day: 1 };

export default async function CustomMetricsPage({ params, searchParams }: Props) {
  const { org: orgSlug } = await params;
  const query = await searchParams;
  const path = `/o/${orgSlug}/settings/custom-metrics`;
  const [org, metrics, t, locale] = await Promise.all([
    orgQuery(path, (caller) => caller.orgs.current({ orgSlug })),
    orgQuery(path, (caller) => caller.customMetrics.list({ orgSlug })),
    getTranslations("customMetrics"),
    getLocale(),
  ]);
  const selectedId = Number(first(query.metric)) || null;
  const selected = metrics.find((metric) => metric.id === selectedId) ?? null;
  const anchorParam = first(query.anchor);
  const anchor = anchorParam && /^\d{4}-\d{2}-\d{2}$/.test(anchorParam) ? anchorParam : localDateAt(new Date(), org.timeZone);
  const values = selected ? await orgQuery(path, (caller) => caller.customMetrics.values({ orgSlug, metricId: selected.id, anchor })) : null;
  const canEdit = org.canManageSettings;

  const labelOf = (start: string) => {
    const date = new Date(`${start}T00:00:00Z`);
    const options: Intl.DateTimeFormatOptions =
      selected?.granularity === "month" ? { month: "short", timeZone: "UTC" } : selected?.granularity === "week" ? { day: "numeric", month: "short", timeZone: "UTC" } : { day: "numeric", timeZone: "UTC" };
    return new Intl.DateTimeFormat(locale, options).format(date);
  };
  const pageLink = (step: number) => `${path}?metric=${selected!.id}&anchor=${addMonths(anchor, step * monthsPerPage[selected!.granularity])}`;

  return (
    <div className="space-y-6">
      <PageHeader level={2} title={t("title")} subtitle={t("subtitle")} />
      {canEdit && <CustomMetricForm orgSlug={orgSlug} />}
      <CustomMetricList orgSlug={orgSlug} metrics={metrics} selectedId={selected?.id ?? null} canEdit={canEdit} />
      {selected && values && (
        <section aria-labelledby="values-title" className="space-y-3">
          <div className="flex flex-wrap items-baseline justify-between gap-3">
            <h3 id="values-title" className="text-base font-semibold text-gray-900">
              {t("valuesTitle", { name: selected.name })}
            </h3>
            <nav aria-label={t("periodNav")} className="flex items-center gap-3 text-sm">
              <Link href={pageLink(-1)} className="text-blue-700 hover:underline">← {t("previous")}</Link>
              <span className="text-gray-700">{t(`range.${selected.granularity}`, { start: labelOf(values.grid.periodStarts[0]!), end: labelOf(values.grid.periodStarts.at(-1)!), year: anchor.slice(0, 4) })}</span>
              <Link href={pageLink(1)} className="text-blue-700 hover:underline">{t("next")} →</Link>
            </nav>
          </div>
          <p className="text-sm text-gray-600">{t(`aggregationHint.${selected.aggregation}`)}</p>
          <ValueGridEditor
            key={`${selected.id}:${values.grid.periodStarts[0]}`}
            orgSlug={orgSlug}
            metricId={selected.id}
            grid={values.grid}
            periodLabels={values.grid.periodStarts.map(labelOf)}
            canEdit={values.canEdit}
          />
        </section>
      )}
    </div>
  );
}

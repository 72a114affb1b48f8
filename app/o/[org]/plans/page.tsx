import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { FormAlert } from "@/components/auth/form-alert";
import { PlanFilters } from "@/components/plans/plan-filters";
import { PlanGridEditor } from "@/components/plans/plan-grid-editor";
import { ZPlanGridQuery, type PlanGridQuery } from "@/server/plans/plan-input";
import { orgQuery } from "../org-query";
import { PageHeader } from "@/components/ui/page-header";

type Props = {
  params: Promise<{ org: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("plans");
  return { title: t("title") };
}

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** The grid named by the URL; anything invalid falls back to monthly revenue of the current year. */
function parsePlanSearchParams(params: Record<string, string | string[] | undefined>, currentYear: number): PlanGridQuery {
  const parsed = ZPlanGridQuery.safeParse({
    metric: first(params.metric) ?? "revenue_won",
    periodKind: first(params.kind) ?? "month",
    year: Number(first(params.year) ?? currentYear),
  });
  return parsed.success ? parsed.data : { metric: "revenue_won", periodKind: "month", year: currentYear };
}

export default async function PlansPage({ params, searchParams }: Props) {
  const { org: orgSlug } = await params;
  const currentYear = new Date().getUTCFullYear();
  const query = parsePlanSearchParams(await searchParams, currentYear);
  const [data, t, locale] = await Promise.all([
    orgQuery(`/o/${orgSlug}/plans`, (caller) => caller.plans.grid({ orgSlug, ...query })),
    getTranslations("plans"),
    getLocale(),
  ]);
  const monthName = new Intl.DateTimeFormat(locale, { month: "short", timeZone: "UTC" });
  const periodLabels = data.grid.periodStarts.map((start) =>
    query.periodKind === "quarter" ? t("quarterLabel", { quarter: Math.floor(Number(start.slice(5, 7)) / 3) + 1 }) : monthName.format(new Date(`${start}T00:00:00Z`)),
  );
  const years = [currentYear - 2, currentYear - 1, currentYear, currentYear + 1, currentYear + 2];
  if (!years.includes(query.year)) years.push(query.year);

  return (
    <section aria-labelledby="plans-title" className="space-y-4">
      <PageHeader id="plans-title" title={t("title")} subtitle={t("subtitle")} />
      <PlanFilters query={query} years={years.sort()} metricOptions={data.metricOptions} />
      {!data.canEdit && <FormAlert kind="info">{t(data.isDemo ? "demoReadOnly" : "readOnly")}</FormAlert>}
      <PlanGridEditor
        key={`${query.metric}-${query.periodKind}-${query.year}`}
        orgSlug={orgSlug}
        metric={query.metric}
        metricName={data.metric.customName ?? t(`metrics.${query.metric}`)}
        money={data.metric.money}
        periodKind={query.periodKind}
        grid={data.grid}
        periodLabels={periodLabels}
        currency={data.currency}
        canEdit={data.canEdit}
      />
    </section>
  );
}

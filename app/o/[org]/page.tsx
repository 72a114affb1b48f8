import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { BenchmarkToggle } from "@/components/agency/benchmark-toggle";
import { RoleDashboardView } from "@/components/dashboard/role-dashboard-view";
import { OnboardingChecklist } from "@/components/onboarding/onboarding-checklist";
import { parseDashboardSearchParams } from "@/server/dashboard/filters";
import type { RoleDashboard } from "@/server/dashboard/role-dashboard";
import { metricIds } from "@/server/kpi/catalog";
import { orgQuery } from "./org-query";

type Props = {
  params: Promise<{ org: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("dashboard");
  return { title: t("metaTitle") };
}

/** Catalog metrics of the dashboard's tiles (the benchmark compares at most 20). */
const tileMetrics = (dashboard: RoleDashboard) =>
  [...new Set(dashboard.widgets.filter((data) => data.widget.type === "tile").map((data) => data.widget.metrics[0]!))].filter((id) => metricIds.includes(id)).slice(0, 20);

export default async function OrgDashboardPage({ params, searchParams }: Props) {
  const { org: orgSlug } = await params;
  const search = await searchParams;
  const filters = parseDashboardSearchParams(search);
  const path = `/o/${orgSlug}`;
  const [dashboard, org] = await Promise.all([
    orgQuery(path, (caller) => caller.dashboard.view({ orgSlug, filters })),
    orgQuery(path, (caller) => caller.orgs.current({ orgSlug })),
  ]);
  if (!dashboard.hasDeals) return <OnboardingChecklist orgSlug={orgSlug} />;

  // The agency's people may compare this client with the agency's others; computing that is opt-in (it reads every client).
  const viaAgency = org.via === "agency";
  const showBenchmark = viaAgency && search.benchmark === "1";
  const metrics = showBenchmark ? tileMetrics(dashboard) : [];
  const benchmarks =
    metrics.length > 0
      ? Object.fromEntries(
          (await orgQuery(path, (caller) => caller.agency.benchmark({ orgSlug, metrics, period: filters.period }))).flatMap((b) => (b.quartiles ? [[b.metric, b.quartiles]] : [])),
        )
      : undefined;
  const toggle = new URLSearchParams(Object.entries(search).flatMap(([key, value]) => (key === "benchmark" || typeof value !== "string" ? [] : [[key, value]])));
  if (!showBenchmark) toggle.set("benchmark", "1");

  return (
    <div className="space-y-4">
      {viaAgency && <BenchmarkToggle href={`${path}?${toggle.toString()}`} shown={showBenchmark} />}
      <RoleDashboardView dashboard={dashboard} orgSlug={orgSlug} benchmarks={benchmarks} />
    </div>
  );
}

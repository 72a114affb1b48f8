"use client";

import { useTranslations } from "next-intl";
import type { WidgetData } from "@/server/dashboard/role-dashboard";
import { AbcCard } from "./abc-card";
import { BreakdownChartCard } from "./breakdown-chart-card";
import { FunnelCard } from "./funnel-card";
import { funnelFromConversions } from "./funnel-from-conversions";
import { MetricTableCard } from "./metric-table-card";
import { MetricTile, type Benchmark } from "./metric-tile";
import { PlanFactTable } from "./plan-fact-table";
import { StagesCard } from "./stages-card";
import { UnavailableCard } from "./unavailable-card";
import { useDashboard, useMetricLabel } from "./dashboard-context";

type Props = {
  data: WidgetData;
  /** The period's revenue target (revenue tiles show their share of it). */
  revenuePlan: number | null;
  conversionWindowDays: number;
  benchmark?: Benchmark;
};

/** One dashboard widget, drawn by its type from the engine's results. */
export function WidgetCard({ data, revenuePlan, conversionWindowDays, benchmark }: Props) {
  const t = useTranslations();
  const { currency } = useDashboard();
  const metricLabel = useMetricLabel();
  const { widget, results, unavailable } = data;
  const labels = widget.metrics.map(metricLabel);
  const defaultTitle =
    widget.type === "funnel" ? t("dashboard.funnel.title") : widget.type === "plan_fact" ? t("dashboard.planFact.title") : labels.join(" · ");
  const title = widget.title || defaultTitle;

  if (widget.type === "plan_fact") return <PlanFactTable rows={data.planFact ?? []} currency={currency} />;
  if (unavailable) return <UnavailableCard title={title} reason={unavailable} />;
  if (widget.breakdown === "stage") {
    const perStage = results.find((result) => result.stages);
    return perStage ? <StagesCard title={title} result={perStage} /> : <UnavailableCard title={title} reason="breakdown" />;
  }
  switch (widget.type) {
    case "tile":
      return (
        <MetricTile
          result={results[0]!}
          title={title}
          team={data.team?.[0]}
          plan={widget.metrics[0] === "revenue_won" ? revenuePlan : undefined}
          benchmark={benchmark}
        />
      );
    case "abc":
      return <AbcCard title={title} result={results[0]!} />;
    case "funnel":
      return <FunnelCard funnel={funnelFromConversions(results, conversionWindowDays)} />;
    case "bar":
    case "line":
      if (widget.breakdown) {
        return <BreakdownChartCard kind={widget.type} title={title} results={results} breakdown={widget.breakdown} labels={labels} />;
      }
      return <MetricTableCard title={title} results={results} labels={labels} />;
    default:
      return <MetricTableCard title={title} results={results} labels={labels} breakdown={widget.breakdown} />;
  }
}

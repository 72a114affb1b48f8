"use client";

import { Card, Text } from "@tremor/react";
import { useFormatter, useTranslations } from "next-intl";
import { CardTitle } from "@/components/ui/card-title";
import type { MetricResult } from "@/server/kpi/results";
import { useDashboard } from "./dashboard-context";
import { formatMetric } from "./format-metric";
import { MetricNotes } from "./metric-notes";

/**
 * Per-stage metrics (stage durations, stage-to-stage conversion, deals by stage) as one row per pipeline stage in
 * pipeline order, each with a bar sized against the largest value, and, for durations, the median, deals counted and
 * stuck so far.
 */
export function StagesCard({ title, result }: { title: string; result: MetricResult }) {
  const t = useTranslations("dashboard.stages");
  const noData = useTranslations("dashboard")("noData");
  const noValue = useTranslations("common")("noValue");
  const format = useFormatter();
  const { currency, options } = useDashboard();
  const info = { unit: result.unit, durationIn: result.durationIn, currency };
  const stages = [...(result.stages ?? [])].sort(
    (a, b) => (a.pipelineId ?? 0) - (b.pipelineId ?? 0) || (a.position ?? 0) - (b.position ?? 0),
  );
  const max = Math.max(0, ...stages.map((s) => s.value ?? 0));
  const pipelines = new Set(stages.map((s) => s.pipelineId)).size > 1;
  const pipelineName = (id: number | null) => options.pipelines.find((p) => p.id === id)?.name;
  const withDurations = stages.some((s) => s.count !== undefined || s.stuck);

  return (
    <Card>
      <CardTitle>{title}</CardTitle>
      {stages.length === 0 ? (
        <Text className="mt-6 text-center">{noData}</Text>
      ) : (
        <div className="mt-4 overflow-x-auto">
          <table className="w-full text-sm">
            <thead>
              <tr className="text-left text-xs text-gray-500">
                <th className="pb-2 font-medium">{t("stage")}</th>
                <th className="pb-2 font-medium">{t(withDurations ? "mean" : "value")}</th>
                {withDurations && <th className="whitespace-nowrap pb-2 pl-3 text-right font-medium">{t("median")}</th>}
                {withDurations && <th className="whitespace-nowrap pb-2 pl-3 text-right font-medium">{t("deals")}</th>}
                {withDurations && <th className="whitespace-nowrap pb-2 pl-3 text-right font-medium">{t("stuck")}</th>}
              </tr>
            </thead>
            <tbody>
              {stages.map((stage) => (
                <tr key={stage.key} className="border-t border-gray-100">
                  <td className="py-2 pr-3 text-gray-700">
                    {stage.name ?? t("noStage")}
                    {pipelines && stage.pipelineId !== null && <span className="block text-xs text-gray-500">{pipelineName(stage.pipelineId)}</span>}
                  </td>
                  <td className="w-1/2 py-2 pr-3">
                    <div className="flex items-center gap-2">
                      <div className="h-4 rounded-sm bg-blue-500" style={{ width: `${max > 0 ? ((stage.value ?? 0) / max) * 80 : 0}%` }} />
                      <span className="whitespace-nowrap tabular-nums text-gray-900">{formatMetric(format, info, stage.value) ?? noValue}</span>
                    </div>
                  </td>
                  {withDurations && <td className="whitespace-nowrap py-2 pl-3 text-right tabular-nums text-gray-700">{formatMetric(format, info, stage.median ?? null) ?? noValue}</td>}
                  {withDurations && <td className="py-2 text-right tabular-nums text-gray-700">{stage.count === undefined ? noValue : format.number(stage.count)}</td>}
                  {withDurations && (
                    <td className="whitespace-nowrap py-2 pl-3 text-right tabular-nums text-gray-700">
                      {stage.stuck?.count ? t("stuckValue", { count: stage.stuck.count, days: formatMetric(format, info, stage.stuck.mean) ?? noValue }) : noValue}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <MetricNotes result={result} />
    </Card>
  );
}

"use client";

import { BarChart, Card, LineChart, Text } from "@tremor/react";
import { useFormatter, useTranslations } from "next-intl";
import { CardTitle } from "@/components/ui/card-title";
import type { Breakdown } from "@/server/kpi/request";
import type { MetricResult } from "@/server/kpi/results";
import { breakdownLabel } from "./breakdown-label";
import { useDashboard } from "./dashboard-context";
import { formatMetric } from "./format-metric";
import { MetricNotes } from "./metric-notes";

type Props = { kind: "bar" | "line"; title: string; results: MetricResult[]; breakdown: Breakdown; labels: string[] };

const colors = ["blue", "emerald", "amber", "violet", "rose", "cyan"];

/** Metrics split by a breakdown: bars (by rep, channel…) or a line over time buckets; a bar opens that group's records. */
export function BreakdownChartCard({ kind, title, results, breakdown, labels }: Props) {
  const t = useTranslations("dashboard");
  const format = useFormatter();
  const { currency, options, timeZone, explain } = useDashboard();
  const first = results[0]!;
  const info = { unit: first.unit, durationIn: first.durationIn, currency };
  const label = (key: string) => breakdownLabel(format, breakdown, key, { options, timeZone, none: t("none") });
  const keys = [...new Set(results.flatMap((r) => (r.breakdown ?? []).map((row) => row.key)))];
  const data = keys.map((key) => ({
    group: label(key),
    ...Object.fromEntries(results.map((r, i) => [labels[i]!, r.breakdown?.find((row) => row.key === key)?.value ?? null])),
  }));
  const valueFormatter = (value: number) => formatMetric(format, info, value, true) ?? "";
  const Chart = kind === "bar" ? BarChart : LineChart;

  return (
    <Card>
      <CardTitle>{title}</CardTitle>
      <Text>{t(`breakdownBy.${breakdown}`)}</Text>
      {keys.length === 0 ? (
        <Text className="mt-6 text-center">{t("noData")}</Text>
      ) : (
        <Chart
          data={data}
          index="group"
          categories={labels}
          colors={colors.slice(0, labels.length)}
          valueFormatter={valueFormatter}
          yAxisWidth={first.unit === "money" ? 88 : 56}
          className="mt-4 h-64"
          {...(kind === "bar"
            ? {
                onValueChange: (event) => {
                  const key = keys[data.findIndex((row) => row.group === event?.group)];
                  if (key !== undefined) explain({ result: first, title, group: { breakdown, key, label: label(key) } });
                },
              }
            : {})}
        />
      )}
      {results.map((result) => (
        <MetricNotes key={result.id} result={result} />
      ))}
    </Card>
  );
}

"use client";

import { Badge, BadgeDelta, Card, Flex, Metric, Text, type DeltaType } from "@tremor/react";
import { useFormatter, useTranslations } from "next-intl";
import type { MetricResult } from "@/server/kpi/results";
import { useDashboard } from "./dashboard-context";
import { formatMetric, formatSignedChange } from "./format-metric";
import { MetricNotes } from "./metric-notes";

/** Cross-client quartiles of the same metric (placed by the agency view); shown under the number when given. */
export type Benchmark = { median: number; q1: number; q3: number };

type Props = {
  result: MetricResult;
  title: string;
  /** A rep's view: the team's value beside the rep's. */
  team?: MetricResult;
  /** The period's target for this metric, where a plan is set. */
  plan?: number | null;
  benchmark?: Benchmark;
};

/** Tremor's Text look on a plain paragraph (Text drops data-* attributes). */
const note = "text-tremor-default text-tremor-content";

function deltaType(change: number): DeltaType {
  if (change > 0) return "increase";
  if (change < 0) return "decrease";
  return "unchanged";
}

/** A KPI tile: the value (opens its explanation), change vs the comparison period coloured by the metric's direction, the median beside a mean duration, plan, team, notes. */
export function MetricTile({ result, title, team, plan, benchmark }: Props) {
  const t = useTranslations("dashboard.tile");
  const noValue = useTranslations("common")("noValue");
  const format = useFormatter();
  const { currency, explain } = useDashboard();
  const info = { unit: result.unit, durationIn: result.durationIn, currency };
  const show = (value: number | null | undefined) => formatMetric(format, info, value ?? null) ?? noValue;
  const delta = result.comparison?.delta;
  const signedChange = delta?.absolute == null ? null : formatSignedChange(format, info, delta.absolute);
  const planned = result.status === "planned";

  return (
    <Card role="group" aria-label={title} className="flex flex-col gap-2">
      <Text className="font-medium text-gray-700">{title}</Text>
      <button
        type="button"
        onClick={() => explain({ result, title, breakdown: result.breakdown ? "rep" : undefined })}
        className="-mx-1 rounded px-1 text-left hover:bg-gray-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500"
        aria-label={t("explain", { metric: title })}
      >
        <Metric data-testid="tile-value" className={planned ? "text-gray-400" : undefined}>
          {show(result.value)}
        </Metric>
      </button>
      {!planned && result.comparison && (
        <Flex justifyContent="start" className="flex-wrap gap-2">
          {delta?.percent == null ? (
            <Badge color="gray" size="xs">{noValue}</Badge>
          ) : (
            <BadgeDelta deltaType={deltaType(delta.percent)} isIncreasePositive={result.direction === "up_is_good"} size="xs">
              {format.number(delta.percent, { style: "percent", maximumFractionDigits: 1, signDisplay: "exceptZero" })}
            </BadgeDelta>
          )}
          {signedChange !== null && <Text>{result.unit === "percent" ? t("pointsChange", { value: signedChange }) : signedChange}</Text>}
          <Text className="text-gray-500">{t("previous", { value: show(result.comparison.value) })}</Text>
        </Flex>
      )}
      {!planned && result.median !== undefined && result.value !== null && (
        <p data-testid="tile-median" className={note}>{t("median", { value: show(result.median) })}</p>
      )}
      {plan != null && result.value !== null && (
        <p data-testid="tile-plan" className={note}>
          {t("vsPlan", { plan: show(plan), share: format.number(result.value / plan, { style: "percent", maximumFractionDigits: 0 }) })}
        </p>
      )}
      {team && team.status === "computed" && <p data-testid="tile-team" className={note}>{t("team", { value: show(team.value) })}</p>}
      {benchmark && (
        <p data-testid="tile-benchmark" className={note}>{t("benchmark", { median: show(benchmark.median), q1: show(benchmark.q1), q3: show(benchmark.q3) })}</p>
      )}
      <MetricNotes result={result} />
    </Card>
  );
}

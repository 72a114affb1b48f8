"use client";

import { Card, Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow, Text } from "@tremor/react";
import { useFormatter, useTranslations } from "next-intl";
import { CardTitle } from "@/components/ui/card-title";
import type { Breakdown } from "@/server/kpi/request";
import type { MetricResult } from "@/server/kpi/results";
import { breakdownLabel } from "./breakdown-label";
import { useDashboard } from "./dashboard-context";
import { formatMetric } from "./format-metric";

type Props = { title: string; results: MetricResult[]; labels: string[]; breakdown?: Breakdown };

/** Metrics as columns, breakdown groups as rows (or one row of totals); each number opens its explanation. */
export function MetricTableCard({ title, results, labels, breakdown }: Props) {
  const t = useTranslations("dashboard");
  const noValue = useTranslations("common")("noValue");
  const format = useFormatter();
  const { currency, options, timeZone, explain } = useDashboard();
  const keys = breakdown ? [...new Set(results.flatMap((r) => (r.breakdown ?? []).map((row) => row.key)))] : [null];
  const label = (key: string) => (breakdown ? breakdownLabel(format, breakdown, key, { options, timeZone, none: t("none") }) : t("total"));
  const cell = (result: MetricResult, key: string | null) => {
    const point = key === null ? result : result.breakdown?.find((row) => row.key === key);
    const text = formatMetric(format, { unit: result.unit, durationIn: result.durationIn, currency }, point?.value ?? null) ?? noValue;
    const open = () =>
      explain({ result, title: labels[results.indexOf(result)]!, ...(key !== null && breakdown ? { group: { breakdown, key, label: label(key) } } : {}) });
    return (
      <button type="button" onClick={open} className="tabular-nums hover:underline">
        {text}
      </button>
    );
  };

  return (
    <Card>
      <CardTitle>{title}</CardTitle>
      {keys.length === 0 ? (
        <Text className="mt-6 text-center">{t("noData")}</Text>
      ) : (
        <Table className="mt-4">
          <TableHead>
            <TableRow>
              <TableHeaderCell>{breakdown ? t(`breakdownBy.${breakdown}`) : ""}</TableHeaderCell>
              {labels.map((name) => (
                <TableHeaderCell key={name} className="text-right">
                  {name}
                </TableHeaderCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {keys.map((key) => (
              <TableRow key={key ?? "total"}>
                <TableCell className="font-medium text-gray-900">{key === null ? t("total") : label(key)}</TableCell>
                {results.map((result) => (
                  <TableCell key={result.id} className="text-right">
                    {cell(result, key)}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Card>
  );
}

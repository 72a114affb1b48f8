"use client";

import { Card, ProgressBar, Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@tremor/react";
import { useFormatter, useTranslations } from "next-intl";
import { CardTitle } from "@/components/ui/card-title";
import type { MetricResult } from "@/server/kpi/results";
import { MetricNotes } from "./metric-notes";

const classes = ["A", "B", "C"] as const;

/** ABC customers: per class, how many customers and their share of the period's revenue. */
export function AbcCard({ title, result }: { title: string; result: MetricResult }) {
  const t = useTranslations("dashboard.abc");
  const noValue = useTranslations("common")("noValue");
  const format = useFormatter();
  const percent = (value: number | null | undefined) => (value == null ? noValue : format.number(value, { style: "percent", maximumFractionDigits: 1 }));

  return (
    <Card>
      <CardTitle>{title}</CardTitle>
      <Table className="mt-4">
        <TableHead>
          <TableRow>
            <TableHeaderCell>{t("class")}</TableHeaderCell>
            <TableHeaderCell className="text-right">{t("customers")}</TableHeaderCell>
            <TableHeaderCell>{t("revenueShare")}</TableHeaderCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {classes.map((abc) => (
            <TableRow key={abc}>
              <TableCell className="font-medium text-gray-900">{abc}</TableCell>
              <TableCell className="text-right tabular-nums">{format.number(result.split?.[abc] ?? 0)}</TableCell>
              <TableCell className="min-w-48">
                <div className="flex items-center gap-2">
                  <ProgressBar value={(result.parts?.[abc] ?? 0) * 100} className="w-32" />
                  <span className="tabular-nums">{percent(result.parts?.[abc])}</span>
                </div>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <MetricNotes result={result} />
    </Card>
  );
}

"use client";

import {
  Card,
  ProgressBar,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeaderCell,
  TableRow,
  Text,
  type Color,
} from "@tremor/react";
import { useFormatter, useTranslations } from "next-intl";
import type { RepPlanFact } from "@/server/dashboard/plan-fact";
import { CardTitle } from "@/components/ui/card-title";

function attainmentColor(attainment: number): Color {
  if (attainment >= 1) return "emerald";
  if (attainment >= 0.7) return "amber";
  return "rose";
}

export function PlanFactTable({ rows, currency }: { rows: RepPlanFact[]; currency: string }) {
  const t = useTranslations("dashboard.planFact");
  const noValue = useTranslations("common")("noValue");
  const format = useFormatter();
  const money = (value: number | null) =>
    value === null ? noValue : format.number(value, { style: "currency", currency, maximumFractionDigits: 0 });

  return (
    <Card>
      <CardTitle>{t("title")}</CardTitle>
      <Text>{t("subtitle")}</Text>
      {rows.length === 0 ? (
        <Text className="mt-6 text-center">{t("empty")}</Text>
      ) : (
        <Table className="mt-4">
          <TableHead>
            <TableRow>
              <TableHeaderCell>{t("rep")}</TableHeaderCell>
              <TableHeaderCell>{t("team")}</TableHeaderCell>
              <TableHeaderCell className="text-right">{t("target")}</TableHeaderCell>
              <TableHeaderCell className="text-right">{t("revenue")}</TableHeaderCell>
              <TableHeaderCell>{t("attainment")}</TableHeaderCell>
              <TableHeaderCell className="text-right">{t("remaining")}</TableHeaderCell>
              <TableHeaderCell className="text-right">{t("dealsWon")}</TableHeaderCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((row) => (
              <TableRow key={row.repId ?? "unassigned"}>
                <TableCell className="font-medium text-gray-900">{row.name ?? t("unassigned")}</TableCell>
                <TableCell>{row.team ?? noValue}</TableCell>
                <TableCell className="text-right tabular-nums">{money(row.target)}</TableCell>
                <TableCell className="text-right tabular-nums">{money(row.revenue)}</TableCell>
                <TableCell className="min-w-40">
                  {row.attainment === null ? (
                    noValue
                  ) : (
                    <div className="flex items-center gap-2">
                      <ProgressBar value={Math.min(row.attainment * 100, 100)} color={attainmentColor(row.attainment)} className="w-24" />
                      <span className="tabular-nums">{format.number(row.attainment, { style: "percent", maximumFractionDigits: 0 })}</span>
                    </div>
                  )}
                </TableCell>
                <TableCell className="text-right tabular-nums">{money(row.remaining)}</TableCell>
                <TableCell className="text-right tabular-nums">{format.number(row.dealsWon)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Card>
  );
}

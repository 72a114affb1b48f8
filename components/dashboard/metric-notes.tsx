"use client";

import { Text } from "@tremor/react";
import { useTranslations } from "next-intl";
import { coverageOfReachedPlan, type MetricResult } from "@/server/kpi/results";

type Translate = (key: string, values?: Record<string, string | number>) => string;

/** What a number's reader must know: not computed yet, needs data, maturing cohort, how coverage counted, records left out. */
export function metricNotes(result: MetricResult, t: Translate): string[] {
  if (result.status === "planned") return [t("flags.planned")];
  const notes: string[] = [];
  if (result.flags.needsData.length > 0) {
    notes.push(t("flags.needsData", { what: result.flags.needsData.map((need) => t(`needs.${need}`)).join(", ") }));
  }
  if (result.flags.maturing) notes.push(t("flags.maturing"));
  if (result.flags.allOpenDeals) notes.push(t("flags.allOpenDeals"));
  if (coverageOfReachedPlan(result)) notes.push(t("flags.planReached"));
  const { noRate, withoutAmount, withoutMargin, withoutCustomer, unanswered, noCloseDate } = result.excluded ?? {};
  if (noRate) notes.push(t("flags.excludedNoRate", { count: noRate }));
  if (withoutAmount) notes.push(t("flags.withoutAmount", { count: withoutAmount }));
  if (withoutMargin) notes.push(t("flags.withoutMargin", { count: withoutMargin }));
  if (withoutCustomer) notes.push(t("flags.withoutCustomer", { count: withoutCustomer }));
  if (unanswered) notes.push(t("flags.unanswered", { count: unanswered }));
  if (noCloseDate) notes.push(t("flags.noCloseDate", { count: noCloseDate }));
  return notes;
}

export function useMetricNotes() {
  const t = useTranslations("kpi");
  return (result: MetricResult): string[] => metricNotes(result, t as unknown as Translate);
}

export function MetricNotes({ result }: { result: MetricResult }) {
  const notes = useMetricNotes()(result);
  return (
    <>
      {notes.map((note) => (
        <Text key={note} className="text-amber-700">
          {note}
        </Text>
      ))}
    </>
  );
}

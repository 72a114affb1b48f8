"use client";

import { Badge, Card, Text } from "@tremor/react";
import { useFormatter, useTranslations } from "next-intl";
import type { Funnel } from "@/server/dashboard/funnel";
import { CardTitle } from "@/components/ui/card-title";

/** The cohort funnel: one bar per step, sized against the leads, with conversion from the previous step and from lead. */
export function FunnelCard({ funnel }: { funnel: Funnel }) {
  const t = useTranslations("dashboard.funnel");
  const noValue = useTranslations("common")("noValue");
  const format = useFormatter();
  const percent = (value: number | null) => (value === null ? noValue : format.number(value, { style: "percent", maximumFractionDigits: 1 }));
  const leads = funnel.steps[0]?.deals ?? 0;

  return (
    <Card>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <CardTitle>{t("title")}</CardTitle>
          <Text>{t("subtitle", { days: funnel.windowDays })}</Text>
        </div>
        {funnel.maturing && (
          <Badge color="amber" size="xs" tooltip={t("maturingHint", { days: funnel.windowDays })}>
            {t("maturing")}
          </Badge>
        )}
      </div>
      <div className="mt-4 overflow-x-auto">
        <table className="w-full text-sm">
          <thead>
            <tr className="text-left text-xs text-gray-500">
              <th className="pb-2 font-medium">{t("step")}</th>
              <th className="pb-2 font-medium">{t("deals")}</th>
              <th className="whitespace-nowrap pb-2 pl-3 text-right font-medium">{t("fromPrevious")}</th>
              <th className="whitespace-nowrap pb-2 pl-3 text-right font-medium">{t("fromLead")}</th>
            </tr>
          </thead>
          <tbody>
            {funnel.steps.map((step) => (
              <tr key={step.step} className="border-t border-gray-100">
                <td className="whitespace-nowrap py-2 pr-3 text-gray-700">{t(`steps.${step.step}`)}</td>
                <td className="w-1/2 py-2 pr-3">
                  <div className="flex items-center gap-2">
                    <div
                      className="h-5 rounded-sm bg-blue-500"
                      style={{ width: `${leads > 0 ? Math.max((step.deals / leads) * 100, step.deals > 0 ? 1 : 0) : 0}%` }}
                    />
                    <span className="tabular-nums text-gray-900">{format.number(step.deals)}</span>
                  </div>
                </td>
                <td className="py-2 text-right tabular-nums text-gray-700">{percent(step.fromPrevious)}</td>
                <td className="py-2 text-right tabular-nums text-gray-700">{percent(step.fromLead)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

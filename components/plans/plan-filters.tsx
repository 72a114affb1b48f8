"use client";

import { useTranslations } from "next-intl";
import { usePathname, useRouter } from "next/navigation";
import { useTransition } from "react";
import { SelectField } from "@/components/auth/form-fields";
import { planPeriodKinds, type PlanGridQuery } from "@/server/plans/plan-input";
import type { PlanMetricOption } from "@/server/plans/plan-metric-options";

/** Metric, months or quarters, and year; the choice lives in the URL (?metric=…&kind=…&year=…). */
export function PlanFilters({ query, years, metricOptions }: { query: PlanGridQuery; years: number[]; metricOptions: PlanMetricOption[] }) {
  const t = useTranslations("plans");
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();
  const navigate = (change: Partial<PlanGridQuery>) => {
    const next = { ...query, ...change };
    const params = new URLSearchParams({ metric: next.metric, kind: next.periodKind, year: String(next.year) });
    startTransition(() => router.push(`${pathname}?${params.toString()}`));
  };

  return (
    <div className={`flex flex-wrap items-end gap-4 ${pending ? "opacity-60" : ""}`} aria-busy={pending}>
      <div className="w-64">
        <SelectField
          id="plan-metric"
          label={t("metric")}
          value={query.metric}
          options={metricOptions.map((option) => ({ value: option.metric, label: option.customName ?? t(`metrics.${option.metric}`) }))}
          onChange={(event) => navigate({ metric: event.target.value })}
        />
      </div>
      <div role="group" aria-label={t("periodKind")} className="inline-flex overflow-hidden rounded-md border border-gray-300 bg-white shadow-sm">
        {planPeriodKinds.map((kind) => (
          <button
            key={kind}
            type="button"
            aria-pressed={query.periodKind === kind}
            onClick={() => navigate({ periodKind: kind })}
            className="px-3 py-2 text-sm text-gray-700 aria-pressed:bg-blue-600 aria-pressed:text-white"
          >
            {t(kind)}
          </button>
        ))}
      </div>
      <div className="w-32">
        <SelectField
          id="plan-year"
          label={t("year")}
          value={String(query.year)}
          options={years.map((year) => ({ value: String(year), label: String(year) }))}
          onChange={(event) => navigate({ year: Number(event.target.value) })}
        />
      </div>
    </div>
  );
}

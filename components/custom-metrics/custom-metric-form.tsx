"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { FormAlert } from "@/components/auth/form-alert";
import { SelectField, TextField } from "@/components/auth/form-fields";
import { PendingButton } from "@/components/ui/pending-button";
import { customMetricAggregation, customMetricGranularity, customMetricUnit, metricDirection } from "@/db/schema/dashboards";
import { useTRPC } from "@/lib/trpc/client";
import { useMutationErrors } from "@/lib/trpc/use-mutation-errors";
import type { CustomMetricFields } from "@/server/custom-metrics/custom-metric-input";

const initial: CustomMetricFields = { name: "", unit: "count", direction: "up", aggregation: "sum", granularity: "month" };

/** Defines a new custom metric: name, unit, direction, how values add up and how often they are entered. */
export function CustomMetricForm({ orgSlug }: { orgSlug: string }) {
  const t = useTranslations("customMetrics");
  const trpc = useTRPC();
  const router = useRouter();
  const [fields, setFields] = useState(initial);
  const create = useMutation(
    trpc.customMetrics.create.mutationOptions({
      onSuccess: (metric) => {
        setFields(initial);
        router.push(`/o/${orgSlug}/settings/custom-metrics?metric=${metric.id}`);
        router.refresh();
      },
    }),
  );
  const { fieldError, formError } = useMutationErrors(create.error);
  const set = <K extends keyof CustomMetricFields>(key: K, value: CustomMetricFields[K]) => setFields((current) => ({ ...current, [key]: value }));
  const options = (values: readonly string[], group: string) => values.map((value) => ({ value, label: t(`${group}.${value}`) }));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate({ orgSlug, ...fields });
  }

  return (
    <section aria-labelledby="new-metric-title" className="rounded-xl border border-gray-200 bg-white p-6 shadow-sm">
      <h3 id="new-metric-title" className="text-base font-semibold text-gray-900">
        {t("create.title")}
      </h3>
      <form onSubmit={submit} className="mt-4 space-y-4" noValidate>
        {formError && <FormAlert kind="error">{formError}</FormAlert>}
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
          <div className="lg:col-span-2">
            <TextField
              id="metric-name"
              label={t("fields.name")}
              placeholder={t("create.namePlaceholder")}
              autoComplete="off"
              required
              value={fields.name}
              onChange={(event) => set("name", event.target.value)}
              error={fieldError("name")}
            />
          </div>
          <SelectField id="metric-unit" label={t("fields.unit")} options={options(customMetricUnit.enumValues, "unit")} value={fields.unit} onChange={(event) => set("unit", event.target.value as CustomMetricFields["unit"])} />
          <SelectField id="metric-aggregation" label={t("fields.aggregation")} options={options(customMetricAggregation.enumValues, "aggregation")} value={fields.aggregation} onChange={(event) => set("aggregation", event.target.value as CustomMetricFields["aggregation"])} />
          <SelectField id="metric-granularity" label={t("fields.granularity")} options={options(customMetricGranularity.enumValues, "granularity")} value={fields.granularity} onChange={(event) => set("granularity", event.target.value as CustomMetricFields["granularity"])} />
          <SelectField id="metric-direction" label={t("fields.direction")} options={options(metricDirection.enumValues, "direction")} value={fields.direction} onChange={(event) => set("direction", event.target.value as CustomMetricFields["direction"])} />
        </div>
        <PendingButton pending={create.isPending} pendingLabel={t("create.pending")}>
          {t("create.submit")}
        </PendingButton>
      </form>
    </section>
  );
}

"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { FormAlert } from "@/components/auth/form-alert";
import type { CustomMetric } from "@/db/schema/dashboards";
import { useTRPC } from "@/lib/trpc/client";

/** The org's custom metrics with their keys (for the API and dashboards), a link to enter values and, for editors, delete. */
export function CustomMetricList({ orgSlug, metrics, selectedId, canEdit }: { orgSlug: string; metrics: CustomMetric[]; selectedId: number | null; canEdit: boolean }) {
  const t = useTranslations("customMetrics");
  const trpc = useTRPC();
  const router = useRouter();
  const remove = useMutation(trpc.customMetrics.remove.mutationOptions({ onSuccess: () => router.push(`/o/${orgSlug}/settings/custom-metrics`) }));

  if (metrics.length === 0) return <FormAlert kind="info">{t("empty")}</FormAlert>;
  return (
    <div className="overflow-x-auto rounded-xl border border-gray-200 bg-white shadow-sm">
      {remove.error && <FormAlert kind="error">{remove.error.message}</FormAlert>}
      <table className="min-w-full text-sm">
        <caption className="sr-only">{t("listCaption")}</caption>
        <thead className="bg-gray-50 text-left text-xs font-medium uppercase text-gray-500">
          <tr>
            <th scope="col" className="px-4 py-2">{t("fields.name")}</th>
            <th scope="col" className="px-4 py-2">{t("fields.key")}</th>
            <th scope="col" className="px-4 py-2">{t("fields.unit")}</th>
            <th scope="col" className="px-4 py-2">{t("fields.aggregation")}</th>
            <th scope="col" className="px-4 py-2">{t("fields.granularity")}</th>
            <th scope="col" className="px-4 py-2"><span className="sr-only">{t("actions")}</span></th>
          </tr>
        </thead>
        <tbody>
          {metrics.map((metric) => (
            <tr key={metric.id} className={`border-t border-gray-100 ${metric.id === selectedId ? "bg-blue-50" : ""}`}>
              <th scope="row" className="px-4 py-2 text-left font-medium text-gray-900">{metric.name}</th>
              <td className="px-4 py-2 font-mono text-xs text-gray-600">{metric.key}</td>
              <td className="px-4 py-2 text-gray-700">{t(`unit.${metric.unit}`)}</td>
              <td className="px-4 py-2 text-gray-700">{t(`aggregation.${metric.aggregation}`)}</td>
              <td className="px-4 py-2 text-gray-700">{t(`granularity.${metric.granularity}`)}</td>
              <td className="whitespace-nowrap px-4 py-2 text-right">
                <Link href={`/o/${orgSlug}/settings/custom-metrics?metric=${metric.id}`} className="font-medium text-blue-700 hover:underline">
                  {canEdit ? t("enterValues") : t("showValues")}
                </Link>
                {canEdit && (
                  <button
                    type="button"
                    className="ml-4 text-red-700 hover:underline disabled:opacity-50"
                    disabled={remove.isPending}
                    onClick={() => {
                      if (window.confirm(t("deleteConfirm", { name: metric.name }))) remove.mutate({ orgSlug, metricId: metric.id });
                    }}
                  >
                    {t("delete")}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

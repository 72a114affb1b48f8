"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/lib/trpc/client";
import { useSourceMessage } from "./use-source-message";

/** The records a run skipped, with the field and the reason, so they can be fixed in the CRM. */
export function RunErrors({ orgSlug, runId }: { orgSlug: string; runId: number }) {
  const t = useTranslations("sources.runs");
  const trpc = useTRPC();
  const describe = useSourceMessage();
  const errors = useQuery(trpc.sources.runErrors.queryOptions({ orgSlug, runId }));
  if (!errors.data) return <p className="text-xs text-gray-500">…</p>;
  const { errors: rows, total } = errors.data;
  return (
    <ul className="space-y-1 text-xs text-gray-700">
      {rows.map((error) => (
        <li key={error.id} className="flex flex-wrap gap-x-2">
          <span className="font-medium">{error.externalId ? t("record", { id: error.externalId }) : t("noRecordId")}</span>
          <span className="text-gray-500">{error.stream}</span>
          {typeof error.message.values?.field === "string" && error.message.values.field && (
            <span className="font-mono">{t("field", { field: error.message.values.field })}</span>
          )}
          <span>{describe(error.message)}</span>
        </li>
      ))}
      {total > rows.length && <li className="text-gray-500">{t("moreErrors", { count: total - rows.length })}</li>}
    </ul>
  );
}

"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/lib/trpc/client";
import type { CrmKind } from "@/server/sources/connector";

/** Step 3: the first sync's progress, polled every second until it ends; then the way to the dashboard. */
export function SyncProgress({ orgSlug, kind, sourceId }: { orgSlug: string; kind: CrmKind; sourceId: number }) {
  const t = useTranslations("sources.connect");
  const tAll = useTranslations();
  const trpc = useTRPC();
  const crm = t(`crm.${kind}`);
  const progress = useQuery(
    trpc.sourceConnect.progress.queryOptions(
      { orgSlug, sourceId },
      { refetchInterval: (query) => (["succeeded", "failed", "cancelled"].includes(query.state.data?.status ?? "") ? false : 1000) },
    ),
  );
  const retry = useMutation(trpc.sourceConnect.startSync.mutationOptions({ onSuccess: () => progress.refetch() }));
  const data = progress.data;
  const percent = Math.round((data?.fraction ?? 0) * 100);
  const reason = data?.error ? tAll(data.error.key, data.error.values) : "";

  return (
    <div className="space-y-4 rounded-xl border border-gray-200 bg-white p-6 shadow-sm">
      <div role="progressbar" aria-label={t("sync.progressLabel")} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} className="h-3 w-full overflow-hidden rounded-full bg-gray-100">
        <div className={`h-full rounded-full transition-all ${data?.status === "failed" ? "bg-red-500" : "bg-blue-600"}`} style={{ width: `${Math.max(percent, 3)}%` }} />
      </div>
      <p role="status" className="text-sm text-gray-700">
        {!data || data.status === "none" || data.status === "queued"
          ? t("sync.queued")
          : data.status === "running"
            ? t("sync.running", { records: data.recordsDone, deals: data.deals })
            : data.status === "succeeded"
              ? t("sync.succeeded", { deals: data.deals })
              : data.status === "failed"
                ? t("sync.failed", { reason })
                : t("sync.cancelled")}
      </p>
      {data && data.failed > 0 && data.status === "succeeded" && <p className="text-sm text-amber-700">{t("sync.skipped", { count: data.failed })}</p>}
      <div className="flex gap-3">
        {data?.status === "succeeded" && (
          <Link href={`/o/${orgSlug}`} className="rounded-md bg-blue-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-blue-700">
            {t("sync.openDashboard")}
          </Link>
        )}
        {(data?.status === "failed" || data?.status === "cancelled") && (
          <button type="button" onClick={() => retry.mutate({ orgSlug, sourceId })} className="rounded-md border border-gray-300 px-4 py-2 text-sm font-semibold text-gray-700 hover:bg-gray-50">
            {t("sync.retry")}
          </button>
        )}
      </div>
    </div>
  );
}

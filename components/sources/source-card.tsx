"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { FormAlert } from "@/components/auth/form-alert";
import { useTRPC } from "@/lib/trpc/client";
import { RunHistory } from "./run-history";
import { RunProgress } from "./run-progress";
import { RunStatusBadge } from "./run-status-badge";
import { ScheduleSelect } from "./schedule-select";
import { activeStatuses, type SourceRow } from "./types";
import { useSourceMessage } from "./use-source-message";

/** One data source: a connected CRM with its state, actions and history, or a push API / file import row to read. */
export function SourceCard({ orgSlug, source, canManage, onChanged }: { orgSlug: string; source: SourceRow; canManage: boolean; onChanged: () => void }) {
  const t = useTranslations("sources.list");
  const format = useFormatter();
  const trpc = useTRPC();
  const describe = useSourceMessage();
  const [confirming, setConfirming] = useState(false);
  const syncNow = useMutation(trpc.sources.syncNow.mutationOptions({ onSuccess: onChanged }));
  const disconnect = useMutation(trpc.sources.disconnect.mutationOptions({ onSuccess: onChanged }));
  const when = (date: Date) => format.dateTime(date, { dateStyle: "medium", timeStyle: "short" });
  const run = source.latestRun;
  const active = !!run && activeStatuses.includes(run.status);
  const connected = source.syncable && !source.disconnectedAt;
  const headingId = `source-${source.id}`;

  return (
    <section aria-labelledby={headingId} className="space-y-4 rounded-xl border border-gray-200 bg-white p-5 shadow-sm">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h3 id={headingId} className="text-base font-semibold text-gray-900">
            {t(`kind.${source.kind}`)}
            {source.name !== t(`kind.${source.kind}`) && <span className="font-normal text-gray-600"> · {source.name}</span>}
          </h3>
          {source.accountId && <p className="text-sm text-gray-500">{t("account", { account: source.accountId })}</p>}
        </div>
        {run && <RunStatusBadge status={run.status} />}
      </div>

      {!source.syncable ? (
        <p className="text-sm text-gray-600">
          {t(`readOnly.${source.kind === "csv" ? "csv" : "api"}`)}{" "}
          <Link href={`/o/${orgSlug}/settings/${source.kind === "csv" ? "import" : "api-keys"}`} className="font-medium text-blue-700 hover:underline">
            {t(`manage.${source.kind === "csv" ? "csv" : "api"}`)}
          </Link>
        </p>
      ) : (
        <div className="space-y-1 text-sm text-gray-600">
          <p>{source.lastSyncedAt ? t("lastSynced", { when: when(source.lastSyncedAt) }) : t("neverSynced")}</p>
          {source.disconnectedAt ? (
            <p>{t("disconnected", { when: when(source.disconnectedAt) })}</p>
          ) : source.syncIntervalMinutes === null ? (
            <p>{t("manualOnly")}</p>
          ) : (
            source.nextSyncAt && !active && <p>{t("nextSync", { when: when(source.nextSyncAt) })}</p>
          )}
        </div>
      )}

      {active && <RunProgress run={run} />}
      {run?.status === "failed" && run.error && <FormAlert kind="error">{t("lastRunFailed", { error: describe(run.error) })}</FormAlert>}
      {(syncNow.error ?? disconnect.error) && <FormAlert kind="error">{(syncNow.error ?? disconnect.error)!.message}</FormAlert>}

      {connected && canManage && (
        <div className="flex flex-wrap items-center gap-3">
          <button
            type="button"
            disabled={active || syncNow.isPending}
            onClick={() => syncNow.mutate({ orgSlug, sourceId: source.id })}
            className="rounded-md bg-blue-600 px-3 py-1.5 text-sm font-semibold text-white shadow-sm hover:bg-blue-700 disabled:cursor-not-allowed disabled:opacity-60"
          >
            {t("syncNow")}
          </button>
          <ScheduleSelect orgSlug={orgSlug} sourceId={source.id} intervalMinutes={source.syncIntervalMinutes} onSaved={onChanged} />
          <div className="ml-auto">
            {confirming ? (
              <div className="flex flex-wrap items-center gap-2 text-sm">
                <span className="text-gray-700">{t("disconnectConfirm", { name: t(`kind.${source.kind}`) })}</span>
                <button
                  type="button"
                  disabled={disconnect.isPending}
                  onClick={() => disconnect.mutate({ orgSlug, sourceId: source.id }, { onSettled: () => setConfirming(false) })}
                  className="rounded-md bg-red-600 px-3 py-1.5 font-semibold text-white hover:bg-red-700 disabled:opacity-60"
                >
                  {t("disconnect")}
                </button>
                <button type="button" onClick={() => setConfirming(false)} className="rounded-md px-3 py-1.5 text-gray-700 hover:bg-gray-100">
                  {t("cancel")}
                </button>
              </div>
            ) : (
              <button type="button" onClick={() => setConfirming(true)} className="rounded-md px-3 py-1.5 text-sm font-medium text-red-600 hover:bg-red-50">
                {t("disconnect")}
              </button>
            )}
          </div>
        </div>
      )}

      {source.syncable && (
        <details className="group" open={!!run}>
          <summary className="cursor-pointer text-sm font-medium text-gray-700">{t("history")}</summary>
          <div className="mt-2">
            <RunHistory orgSlug={orgSlug} sourceId={source.id} active={active} />
          </div>
        </details>
      )}
    </section>
  );
}

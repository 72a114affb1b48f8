"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { Fragment, useState } from "react";
import { useTRPC } from "@/lib/trpc/client";
import { RunErrors } from "./run-errors";
import { RunStatusBadge } from "./run-status-badge";
import { activeStatuses, type SourceRunRow } from "./types";
import { useSourceMessage } from "./use-source-message";

/** A source's latest syncs: when, how long, what changed, the outcome; skipped records open under their run. */
export function RunHistory({ orgSlug, sourceId, active }: { orgSlug: string; sourceId: number; active: boolean }) {
  const t = useTranslations("sources.runs");
  const format = useFormatter();
  const trpc = useTRPC();
  const describe = useSourceMessage();
  const [open, setOpen] = useState<number | null>(null);
  // Polled while the card's run is active and until the history itself shows it ended: the card may learn first,
  // and the history's last poll could otherwise leave a finished run showing "Running".
  const runs = useQuery(
    trpc.sources.runs.queryOptions(
      { orgSlug, sourceId },
      { refetchInterval: (query) => (active || query.state.data?.some((run) => activeStatuses.includes(run.status)) ? 2000 : false) },
    ),
  );

  const duration = (run: SourceRunRow) => {
    if (!run.startedAt) return t("notStarted");
    if (!run.finishedAt) return t("inProgress");
    const seconds = Math.max(0, Math.round((run.finishedAt.getTime() - run.startedAt.getTime()) / 1000));
    return seconds < 60 ? t("seconds", { seconds }) : t("minutes", { minutes: Math.floor(seconds / 60), seconds: seconds % 60 });
  };

  if (!runs.data) return null;
  if (runs.data.length === 0) return <p className="text-sm text-gray-500">{t("empty")}</p>;
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full divide-y divide-gray-200 text-sm">
        <thead className="bg-gray-50 text-left text-xs font-medium uppercase tracking-wide text-gray-500">
          <tr>
            <th scope="col" className="px-3 py-2">{t("started")}</th>
            <th scope="col" className="px-3 py-2">{t("trigger")}</th>
            <th scope="col" className="px-3 py-2">{t("duration")}</th>
            <th scope="col" className="px-3 py-2 text-right">{t("created")}</th>
            <th scope="col" className="px-3 py-2 text-right">{t("updated")}</th>
            <th scope="col" className="px-3 py-2 text-right">{t("deleted")}</th>
            <th scope="col" className="px-3 py-2 text-right">{t("failed")}</th>
            <th scope="col" className="px-3 py-2">{t("status")}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-gray-100 text-gray-700">
          {runs.data.map((run) => (
            <Fragment key={run.id}>
              <tr>
                <td className="whitespace-nowrap px-3 py-2">{format.dateTime(run.startedAt ?? run.queuedAt, { dateStyle: "medium", timeStyle: "short" })}</td>
                <td className="px-3 py-2">{t(`triggers.${run.trigger}`)}</td>
                <td className="whitespace-nowrap px-3 py-2">{duration(run)}</td>
                <td className="px-3 py-2 text-right tabular-nums">{format.number(run.created)}</td>
                <td className="px-3 py-2 text-right tabular-nums">{format.number(run.updated)}</td>
                <td className="px-3 py-2 text-right tabular-nums">{format.number(run.deleted)}</td>
                <td className="px-3 py-2 text-right tabular-nums">
                  {run.failed > 0 ? (
                    <button
                      type="button"
                      aria-expanded={open === run.id}
                      onClick={() => setOpen(open === run.id ? null : run.id)}
                      className="font-medium text-blue-700 underline decoration-dotted hover:text-blue-900"
                      title={open === run.id ? t("hideErrors") : t("showErrors")}
                    >
                      {format.number(run.failed)}
                      <span className="sr-only"> {open === run.id ? t("hideErrors") : t("showErrors")}</span>
                    </button>
                  ) : (
                    format.number(run.failed)
                  )}
                </td>
                <td className="px-3 py-2">
                  <RunStatusBadge status={run.status} />
                </td>
              </tr>
              {(run.error || run.attempts > 1 || run.leftOutByHistory > 0) && !activeStatuses.includes(run.status) && (
                <tr>
                  <td colSpan={8} className="px-3 pb-2 text-xs">
                    {run.error && <p className={run.status === "failed" ? "text-red-700" : "text-gray-600"}>{describe(run.error)}</p>}
                    {run.attempts > 1 && <p className="text-gray-500">{t("resumed", { attempts: run.attempts })}</p>}
                    {run.leftOutByHistory > 0 && (
                      <p className="text-amber-800" data-testid="run-left-out-by-history">
                        {t("leftOutByHistory", { count: run.leftOutByHistory })}{" "}
                        <Link href={`/o/${orgSlug}/settings/billing`} className="font-semibold underline">
                          {t("moreHistory")}
                        </Link>
                      </p>
                    )}
                  </td>
                </tr>
              )}
              {open === run.id && (
                <tr className="bg-gray-50">
                  <td colSpan={8} className="px-3 py-2">
                    <RunErrors orgSlug={orgSlug} runId={run.id} />
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}

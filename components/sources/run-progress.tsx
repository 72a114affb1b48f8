"use client";

import { useTranslations } from "next-intl";
import type { SourceRunRow } from "./types";

/** A queued or running sync: what it reads now and a bar of records read (indeterminate while the total is unknown). */
export function RunProgress({ run }: { run: SourceRunRow }) {
  const t = useTranslations("sources.list");
  const stream = run.currentStream ? (t.has(`streams.${run.currentStream}`) ? t(`streams.${run.currentStream}`) : run.currentStream) : t("streams.deals");
  const percent = run.recordsTotal ? Math.min(100, Math.round((run.recordsDone / run.recordsTotal) * 100)) : null;
  const label = run.status === "queued" ? t("queued") : t("running", { stream });
  return (
    <div className="space-y-1" role="status" aria-live="polite">
      <div className="flex justify-between text-xs text-gray-600">
        <span>{label}</span>
        {run.status === "running" && (
          <span>
            {run.recordsTotal ? t("progress", { done: run.recordsDone, total: run.recordsTotal }) : t("progressUnknown", { done: run.recordsDone })}
          </span>
        )}
      </div>
      <div
        className="h-2 overflow-hidden rounded-full bg-gray-100"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
      >
        <div
          className={`h-full rounded-full bg-blue-600 transition-all ${percent === null ? "w-1/3 animate-pulse" : ""}`}
          style={percent === null ? undefined : { width: `${Math.max(percent, 2)}%` }}
        />
      </div>
    </div>
  );
}

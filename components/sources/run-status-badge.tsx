"use client";

import { useTranslations } from "next-intl";
import type { SourceRunRow } from "./types";

const colors: Record<SourceRunRow["status"], string> = {
  queued: "bg-gray-100 text-gray-700",
  running: "bg-blue-50 text-blue-700",
  succeeded: "bg-green-50 text-green-700",
  failed: "bg-red-50 text-red-700",
  cancelled: "bg-amber-50 text-amber-800",
};

export function RunStatusBadge({ status }: { status: SourceRunRow["status"] }) {
  const t = useTranslations("sources.runs.statuses");
  return <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ${colors[status]}`}>{t(status)}</span>;
}

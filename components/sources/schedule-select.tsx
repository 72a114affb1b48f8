"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useId } from "react";
import { useTRPC } from "@/lib/trpc/client";

const options = [
  { value: "manual", minutes: null, label: "manual" },
  { value: "15", minutes: 15, label: "every15" },
  { value: "60", minutes: 60, label: "hourly" },
  { value: "1440", minutes: 1440, label: "daily" },
] as const;

/** How often a connected CRM syncs; saved as soon as it is chosen. */
export function ScheduleSelect({ orgSlug, sourceId, intervalMinutes, disabled, onSaved }: {
  orgSlug: string;
  sourceId: number;
  intervalMinutes: number | null;
  disabled: boolean;
  onSaved: () => void;
}) {
  const t = useTranslations("sources.schedule");
  const id = useId();
  const trpc = useTRPC();
  const save = useMutation(trpc.sources.setSchedule.mutationOptions({ onSuccess: onSaved }));
  const current = options.find((o) => o.minutes === intervalMinutes)?.value ?? "60";
  return (
    <div className="flex items-center gap-2">
      <label htmlFor={id} className="text-sm text-gray-600">
        {t("label")}
      </label>
      <select
        id={id}
        value={current}
        disabled={disabled || save.isPending}
        onChange={(event) => {
          const chosen = options.find((o) => o.value === event.target.value)!;
          save.mutate({ orgSlug, sourceId, intervalMinutes: chosen.minutes });
        }}
        className="rounded-md border-gray-300 py-1 pl-2 pr-8 text-sm shadow-sm focus:border-blue-500 focus:ring-blue-500 disabled:bg-gray-50"
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {t(o.label)}
          </option>
        ))}
      </select>
      {save.error && <span className="text-xs text-red-700">{save.error.message}</span>}
    </div>
  );
}

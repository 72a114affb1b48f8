"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { UpgradeLink } from "@/components/billing/upgrade-link";
import { useTRPC } from "@/lib/trpc/client";

const options = [
  { value: "manual", minutes: null, label: "manual" },
  { value: "15", minutes: 15, label: "every15" },
  { value: "60", minutes: 60, label: "hourly" },
  { value: "1440", minutes: 1440, label: "daily" },
] as const;

/** How often a connected CRM syncs; saved as soon as it is chosen. */
export function ScheduleSelect({ orgSlug, sourceId, intervalMinutes, onSaved }: {
  orgSlug: string;
  sourceId: number;
  intervalMinutes: number | null;
  onSaved: () => void;
}) {
  const t = useTranslations("sources.schedule");
  const id = useId();
  const trpc = useTRPC();
  // The choice shows at once; it goes back to the saved schedule if saving fails.
  const [chosen, setChosen] = useState(intervalMinutes);
  const save = useMutation(trpc.sources.setSchedule.mutationOptions({ onSuccess: onSaved, onError: () => setChosen(intervalMinutes) }));
  const current = options.find((o) => o.minutes === chosen)?.value ?? "60";
  return (
    <div className="flex items-center gap-2">
      <label htmlFor={id} className="text-sm text-gray-600">
        {t("label")}
      </label>
      <select
        id={id}
        value={current}
        disabled={save.isPending}
        onChange={(event) => {
          const { minutes } = options.find((o) => o.value === event.target.value)!;
          setChosen(minutes);
          save.mutate({ orgSlug, sourceId, intervalMinutes: minutes });
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
      <UpgradeLink error={save.error} />
    </div>
  );
}

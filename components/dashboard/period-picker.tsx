"use client";

import { useTranslations } from "next-intl";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { periodPresets, type PeriodPreset } from "@/lib/periods";
import type { LocalDate } from "@/lib/zoned-time";

type Props = {
  preset: PeriodPreset;
  /** The shown period's first and last day (inclusive), to start a custom range from. */
  from: LocalDate;
  to: LocalDate;
};

/** Presets and a custom date range; the choice lives in the URL (?period=…&from=…&to=…) beside other filters, so it can be shared. */
export function PeriodPicker({ preset, from, to }: Props) {
  const t = useTranslations("dashboard.period");
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [pending, startTransition] = useTransition();
  const [customOpen, setCustomOpen] = useState(preset === "custom");
  const [range, setRange] = useState({ from, to });
  const rangeValid = Boolean(range.from && range.to && range.from <= range.to);

  // The period replaces period, from and to; other filters in the URL stay.
  const navigate = (params: Record<string, string>) => {
    const next = new URLSearchParams(searchParams);
    for (const key of ["period", "from", "to"]) next.delete(key);
    for (const [key, value] of Object.entries(params)) next.set(key, value);
    startTransition(() => router.push(`${pathname}?${next.toString()}`));
  };

  const choose = (next: PeriodPreset) => {
    if (next === "custom") setCustomOpen(true);
    else {
      setCustomOpen(false);
      navigate({ period: next });
    }
  };

  const applyCustom = (event: FormEvent) => {
    event.preventDefault();
    if (rangeValid) navigate({ period: "custom", from: range.from, to: range.to });
  };

  const selected = customOpen ? "custom" : preset;
  return (
    <div className={`flex flex-col items-stretch gap-2 sm:items-end ${pending ? "opacity-60" : ""}`} aria-busy={pending}>
      <div role="group" aria-label={t("label")} className="inline-flex overflow-hidden rounded-md border border-gray-300 bg-white shadow-sm">
        {periodPresets.map((option) => (
          <button
            key={option}
            type="button"
            aria-pressed={selected === option}
            onClick={() => choose(option)}
            className={`border-l border-gray-300 px-3 py-1.5 text-sm first:border-l-0 ${
              selected === option ? "bg-blue-600 font-medium text-white" : "text-gray-700 hover:bg-gray-50"
            }`}
          >
            {t(option)}
          </button>
        ))}
      </div>
      {customOpen && (
        <form onSubmit={applyCustom} className="flex flex-wrap items-end gap-2">
          <label className="flex flex-col text-xs text-gray-600">
            {t("from")}
            <input
              type="date"
              required
              value={range.from}
              max={range.to || undefined}
              onChange={(e) => setRange((r) => ({ ...r, from: e.target.value }))}
              className="rounded-md border-gray-300 py-1 text-sm focus:border-blue-500 focus:ring-blue-500"
            />
          </label>
          <label className="flex flex-col text-xs text-gray-600">
            {t("to")}
            <input
              type="date"
              required
              value={range.to}
              min={range.from || undefined}
              onChange={(e) => setRange((r) => ({ ...r, to: e.target.value }))}
              className="rounded-md border-gray-300 py-1 text-sm focus:border-blue-500 focus:ring-blue-500"
            />
          </label>
          <button
            type="submit"
            disabled={!rangeValid || pending}
            className="rounded-md bg-blue-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-700 disabled:opacity-50"
          >
            {t("apply")}
          </button>
          {!rangeValid && range.from && range.to && (
            <p role="alert" className="w-full text-xs text-rose-700">
              {t("invalidRange")}
            </p>
          )}
        </form>
      )}
    </div>
  );
}

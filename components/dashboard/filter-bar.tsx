"use client";

import { useTranslations } from "next-intl";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTransition } from "react";
import type { DashboardFilters } from "@/server/dashboard/filters";
import type { FilterOptions, Option } from "@/server/dashboard/options";

type Props = {
  filters: DashboardFilters;
  options: FilterOptions;
  /** A rep's personal view is their own: no rep or team to choose. */
  personal: boolean;
};

/** Comparison and team, rep, pipeline and channel filters, kept in the URL's search params so a view can be shared. */
export function FilterBar({ filters, options, personal }: Props) {
  const t = useTranslations("dashboard.filters");
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [pending, startTransition] = useTransition();

  const set = (key: string, value: string) => {
    const next = new URLSearchParams(searchParams);
    if (value) next.set(key, value);
    else next.delete(key);
    startTransition(() => router.push(`${pathname}?${next.toString()}`));
  };

  const select = (key: "team" | "rep" | "pipeline" | "channel", list: Option[]) =>
    list.length > 0 && (
      <label className="flex flex-col text-xs text-gray-600">
        {t(key)}
        <select
          value={filters[key] ?? ""}
          onChange={(e) => set(key, e.target.value)}
          className="mt-0.5 max-w-48 rounded-md border-gray-300 py-1 pl-2 pr-8 text-sm focus:border-blue-500 focus:ring-blue-500"
        >
          <option value="">{t("all")}</option>
          {list.map((option) => (
            <option key={option.id} value={option.id}>
              {option.name}
            </option>
          ))}
        </select>
      </label>
    );

  return (
    <div className={`flex flex-wrap items-end gap-3 ${pending ? "opacity-60" : ""}`} aria-busy={pending} role="group" aria-label={t("label")}>
      <label className="flex flex-col text-xs text-gray-600">
        {t("compare")}
        <select
          value={filters.compare}
          onChange={(e) => set("compare", e.target.value === "previous" ? "" : e.target.value)}
          className="mt-0.5 rounded-md border-gray-300 py-1 pl-2 pr-8 text-sm focus:border-blue-500 focus:ring-blue-500"
        >
          <option value="previous">{t("previous")}</option>
          <option value="year_ago">{t("yearAgo")}</option>
        </select>
      </label>
      {!personal && select("team", options.teams)}
      {!personal && select("rep", options.reps)}
      {select("pipeline", options.pipelines)}
      {select("channel", options.channels)}
    </div>
  );
}

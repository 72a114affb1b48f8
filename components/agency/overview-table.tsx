"use client";

import { SparkAreaChart } from "@tremor/react";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import type { ClientOverview, DataWarning } from "@/server/agency/overview";

type SortKey = "name" | "revenue_won" | "plan_attainment" | "leads_created" | "win_rate" | "conv_lead_won" | "pipeline_coverage" | "lastSync";
const numberColumns = ["revenue_won", "plan_attainment", "leads_created", "win_rate", "conv_lead_won", "pipeline_coverage"] as const;

function sortValue(client: ClientOverview, key: SortKey): string | number | null {
  if (key === "name") return client.name.toLowerCase();
  if (key === "lastSync") return client.health.lastSyncedAt?.getTime() ?? null;
  return client.values[key];
}

/** Ascending or descending; clients without a value go last either way. */
function sorted(clients: ClientOverview[], key: SortKey, descending: boolean): ClientOverview[] {
  return [...clients].sort((a, b) => {
    const x = sortValue(a, key);
    const y = sortValue(b, key);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    const order = x < y ? -1 : x > y ? 1 : 0;
    return descending ? -order : order;
  });
}

/**
 * Every client of the agency in one sortable table; a client's name opens its dashboard for the same period.
 * `now` is the server's, so "2 hours ago" reads the same in the server render and the browser.
 */
export function OverviewTable({ clients, periodQuery, now }: { clients: ClientOverview[]; periodQuery: string; now: Date }) {
  const t = useTranslations("agency.overview");
  const tk = useTranslations("kpi");
  const format = useFormatter();
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: "name", descending: false });
  const rows = sorted(clients, sort.key, sort.descending);

  const percent = (x: number | null) => (x === null ? "—" : format.number(x, { style: "percent", maximumFractionDigits: 1 }));
  const money = (x: number | null, currency: string) => (x === null ? "—" : format.number(x, { style: "currency", currency, maximumFractionDigits: 0 }));
  const cell = (client: ClientOverview, key: (typeof numberColumns)[number]) => {
    const x = client.values[key];
    switch (key) {
      case "revenue_won":
        return money(x, client.currency);
      case "leads_created":
        return x === null ? "—" : format.number(x);
      case "pipeline_coverage":
        return x === null ? "—" : `${format.number(x, { maximumFractionDigits: 1 })}×`;
      default:
        return percent(x);
    }
  };
  const warningText = (w: DataWarning) => ("count" in w ? t(`warnings.${w.kind}`, { count: w.count }) : t(`warnings.${w.kind}`));

  const header = (key: SortKey, numeric: boolean) => {
    const active = sort.key === key;
    return (
      <th key={key} scope="col" aria-sort={active ? (sort.descending ? "descending" : "ascending") : "none"} className={`px-3 py-2 ${numeric ? "text-right" : "text-left"}`}>
        <button
          type="button"
          aria-label={t("sort", { column: t(`columns.${key}`) })}
          onClick={() => setSort({ key, descending: active ? !sort.descending : numeric })}
          className="inline-flex items-center gap-1 font-semibold text-gray-600 hover:text-gray-900"
        >
          {t(`columns.${key}`)}
          <span aria-hidden className={active ? "text-gray-900" : "text-gray-300"}>
            {active && !sort.descending ? "▲" : "▼"}
          </span>
        </button>
      </th>
    );
  };

  return (
    <div className="overflow-x-auto rounded-xl border border-gray-200 bg-white shadow-sm">
      <table className="min-w-full divide-y divide-gray-200 text-sm">
        <thead className="bg-gray-50 text-xs">
          <tr>
            {header("name", false)}
            {numberColumns.map((key) => header(key, true))}
            <th scope="col" className="px-3 py-2 text-left font-semibold text-gray-600">
              {t("columns.trend")}
            </th>
            {header("lastSync", false)}
            <th scope="col" className="px-3 py-2 text-left font-semibold text-gray-600">
              {t("columns.warnings")}
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-gray-100">
          {rows.map((client) => (
            <tr key={client.slug} className="align-top hover:bg-gray-50">
              <th scope="row" className="px-3 py-3 text-left font-medium">
                <Link href={`/o/${client.slug}${periodQuery}`} aria-label={t("open", { client: client.name })} className="text-blue-700 hover:underline">
                  {client.name}
                </Link>
              </th>
              {numberColumns.map((key) => (
                <td key={key} className="whitespace-nowrap px-3 py-3 text-right tabular-nums text-gray-900">
                  {cell(client, key)}
                  {key === "pipeline_coverage" && client.coveragePlanReached && (
                    <span className="ml-auto block max-w-[9rem] whitespace-normal text-xs text-gray-500">{tk("flags.planReached")}</span>
                  )}
                  {key === "plan_attainment" && (
                    <span className="block text-xs text-gray-500">
                      {client.planTarget === null ? t("noPlan") : t("ofPlan", { plan: money(client.planTarget, client.currency) })}
                    </span>
                  )}
                </td>
              ))}
              <td className="px-3 py-2">
                {client.trend.length === 0 ? (
                  <span className="text-gray-400">—</span>
                ) : (
                  <SparkAreaChart data={client.trend} index="month" categories={["revenue"]} colors={["blue"]} className="h-8 w-28" />
                )}
              </td>
              <td className="whitespace-nowrap px-3 py-3 text-gray-700">
                {client.health.lastSyncedAt ? format.relativeTime(client.health.lastSyncedAt, now) : t("never")}
                {client.health.lastRunStatus && (
                  <span className={`block text-xs ${client.health.lastRunStatus === "failed" ? "text-rose-700" : "text-gray-500"}`}>
                    {t(`runStatus.${client.health.lastRunStatus}`)}
                  </span>
                )}
              </td>
              <td className="px-3 py-3">
                {client.warnings.length === 0 ? (
                  <span className="text-xs text-emerald-700">{t("dataOk")}</span>
                ) : (
                  <ul className="space-y-0.5 text-xs text-amber-800">
                    {client.warnings.map((w) => (
                      <li key={w.kind}>{warningText(w)}</li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

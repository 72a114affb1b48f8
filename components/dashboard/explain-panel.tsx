"use client";

import { useQuery } from "@tanstack/react-query";
import { Dialog, DialogPanel, Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow, Text } from "@tremor/react";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { useTRPC } from "@/lib/trpc/client";
import type { MetricResult } from "@/server/kpi/results";
import { isCustomMetricId } from "@/server/kpi/request";
import { breakdownLabel } from "./breakdown-label";
import { useDashboard, type ExplainTarget } from "./dashboard-context";
import { formatMetric } from "./format-metric";
import { useMetricNotes } from "./metric-notes";

/**
 * What a number means and what is behind it: the metric's formula in words, its inputs, the per-group split, and
 * the deals it counted for the same period and filters (kpi-catalog **Drill-down**), a page at a time.
 */
export function ExplainPanel({ target, onClose }: { target: ExplainTarget; onClose: () => void }) {
  const t = useTranslations("dashboard.explain");
  const tDashboard = useTranslations("dashboard");
  const tk = useTranslations("kpi");
  const noValue = useTranslations("common")("noValue");
  const format = useFormatter();
  const { currency, options, timeZone } = useDashboard();
  const notes = useMetricNotes();
  const [group, setGroup] = useState(target.group);
  const { result } = target;
  const info = { unit: result.unit, durationIn: result.durationIn, currency };
  const show = (value: number | null | undefined) => formatMetric(format, info, value ?? null) ?? noValue;
  const point = group ? result.breakdown?.find((row) => row.key === group.key) : result;
  const inputs = point?.inputs;
  const split = target.breakdown;

  return (
    <Dialog open onClose={onClose} static>
      <DialogPanel className="max-w-3xl" aria-labelledby="explain-title">
        <div className="flex items-start justify-between gap-4">
          <div>
            <h2 id="explain-title" className="text-lg font-semibold text-gray-900">
              {target.title}
              {group && <span className="font-normal text-gray-600"> · {group.label}</span>}
            </h2>
            <p className="mt-1 text-sm text-gray-700" data-testid="explain-formula">
              {isCustomMetricId(result.id) ? t("customFormula") : tk(`metrics.${result.id}.formula`)}
            </p>
          </div>
          <button type="button" onClick={onClose} className="rounded-md px-2 py-1 text-sm text-gray-600 hover:bg-gray-100">
            {t("close")}
          </button>
        </div>

        <dl className="mt-4 grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
          <Figure label={t("value")} value={show(point?.value)} testId="explain-value" />
          {inputs && <Figure label={t("numerator")} value={format.number(inputs.numerator ?? 0, { maximumFractionDigits: 2 })} testId="explain-numerator" />}
          {inputs && <Figure label={t("denominator")} value={inputs.denominator === null ? noValue : format.number(inputs.denominator, { maximumFractionDigits: 2 })} />}
          {!group && result.comparison && <Figure label={t("comparison")} value={show(result.comparison.value)} />}
        </dl>
        {notes(result).map((note) => (
          <Text key={note} className="mt-2 text-amber-700">
            {note}
          </Text>
        ))}

        {split && !group && result.breakdown && result.breakdown.length > 0 && (
          <div className="mt-4">
            <h3 className="text-sm font-medium text-gray-900">{tDashboard(`breakdownBy.${split}`)}</h3>
            <ul className="mt-2 grid grid-cols-1 gap-1 text-sm sm:grid-cols-2">
              {result.breakdown.map((row) => {
                const label = breakdownLabel(format, split, row.key, { options, timeZone, none: tDashboard("none") });
                return (
                  <li key={row.key}>
                    <button
                      type="button"
                      onClick={() => setGroup({ breakdown: split, key: row.key, label })}
                      className="flex w-full justify-between rounded px-2 py-1 text-left hover:bg-gray-50"
                    >
                      <span className="truncate text-gray-700">{label}</span>
                      <span className="tabular-nums text-gray-900">{show(row.value)}</span>
                    </button>
                  </li>
                );
              })}
            </ul>
          </div>
        )}
        {group && !target.group && (
          <button type="button" onClick={() => setGroup(undefined)} className="mt-3 text-sm text-blue-700 hover:underline">
            {t("allGroups")}
          </button>
        )}
        <Records result={result} group={group} />
      </DialogPanel>
    </Dialog>
  );
}

function Figure({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="rounded-md bg-gray-50 px-3 py-2">
      <dt className="text-xs text-gray-500">{label}</dt>
      <dd className="font-medium tabular-nums text-gray-900" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

/** The drill-down list: the deals (or activities) behind the number, newest first, with the CRM link where known. */
function Records({ result, group }: { result: MetricResult; group: ExplainTarget["group"] }) {
  const t = useTranslations("dashboard.explain");
  const noValue = useTranslations("common")("noValue");
  const format = useFormatter();
  const trpc = useTRPC();
  const { orgSlug, filters, currency, timeZone } = useDashboard();
  const [page, setPage] = useState(0);
  const drilldown = useQuery(
    trpc.dashboard.drilldown.queryOptions({
      orgSlug,
      metric: result.id,
      filters,
      page,
      ...(group ? { group: { breakdown: group.breakdown, key: group.key } } : {}),
    }),
  );
  if (result.status === "planned") return null;
  if (drilldown.isPending) return <Text className="mt-4">{t("loading")}</Text>;
  if (drilldown.isError) return <Text className="mt-4 text-rose-700">{drilldown.error.message}</Text>;
  const data = drilldown.data;
  if (!data.available) return <Text className="mt-4 text-gray-600">{t("noRecords")}</Text>;
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
  const money = (value: number | null, code: string | null) =>
    value === null ? noValue : format.number(value, { style: "currency", currency: code ?? currency, maximumFractionDigits: 0 });

  const activities = data.kind === "activities";
  const dealCell = (record: (typeof data.records)[number]) => {
    if (record.dealId === null) return noValue;
    const title = record.title ?? t("untitled", { id: record.dealId });
    return record.crmUrl ? (
      <a href={record.crmUrl} target="_blank" rel="noreferrer" className="text-blue-700 hover:underline">
        {title}
      </a>
    ) : (
      title
    );
  };

  return (
    <div className="mt-5">
      <h3 className="text-sm font-medium text-gray-900" data-testid="drilldown-total">
        {t(activities ? "activityRecords" : "records", { count: data.total })}
      </h3>
      {data.total > 0 && (
        <Table className="mt-2 max-h-96">
          <TableHead>
            <TableRow>
              {activities && <TableHeaderCell>{t("activity")}</TableHeaderCell>}
              <TableHeaderCell>{t("deal")}</TableHeaderCell>
              <TableHeaderCell>{t("at")}</TableHeaderCell>
              <TableHeaderCell>{t("rep")}</TableHeaderCell>
              {!activities && <TableHeaderCell className="text-right">{t("amount")}</TableHeaderCell>}
            </TableRow>
          </TableHead>
          <TableBody>
            {data.records.map((record) => (
              <TableRow key={record.activity?.id ?? record.dealId} data-testid="drilldown-row">
                {record.activity && (
                  <TableCell className="max-w-56 truncate">
                    {record.activity.subject ?? t(`activityTypes.${record.activity.type}` as "activityTypes.call")}
                  </TableCell>
                )}
                <TableCell className="max-w-64 truncate">{dealCell(record)}</TableCell>
                <TableCell className="whitespace-nowrap">{format.dateTime(record.at, { dateStyle: "medium", timeZone })}</TableCell>
                <TableCell className="max-w-40 truncate">{record.rep ?? noValue}</TableCell>
                {!activities && (
                  <TableCell className="text-right tabular-nums">
                    {record.amountOrg !== null ? money(record.amountOrg, currency) : money(record.amount, record.currency)}
                  </TableCell>
                )}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {pages > 1 && (
        <div className="mt-3 flex items-center justify-end gap-3 text-sm">
          <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)} className="rounded border px-2 py-1 disabled:opacity-40">
            {t("previousPage")}
          </button>
          <span className="text-gray-600">{t("page", { page: page + 1, pages })}</span>
          <button type="button" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)} className="rounded border px-2 py-1 disabled:opacity-40">
            {t("nextPage")}
          </button>
        </div>
      )}
    </div>
  );
}

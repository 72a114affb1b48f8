"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useFormatter, useTranslations } from "next-intl";
import { useEffect, useMemo, useState, type ClipboardEvent } from "react";
import { FormAlert } from "@/components/auth/form-alert";
import { GridSaveBar } from "@/components/ui/grid-save-bar";
import { useTRPC } from "@/lib/trpc/client";
import { useMutationErrors } from "@/lib/trpc/use-mutation-errors";
import type { PlanGrid } from "@/server/plans/plan-grid";
import { ZPlanTarget, type PlanCellInput, type PlanMetric, type PlanPeriodKind } from "@/server/plans/plan-input";
import { parseSpreadsheetNumber, pastedCells } from "./parse-pasted-block";
import { cellKey, planRows, type PlanRow } from "./plan-rows";

type Props = {
  orgSlug: string;
  metric: PlanMetric;
  /** The metric's name in the user's language (catalog label or the custom metric's own name). */
  metricName: string;
  money: boolean;
  periodKind: PlanPeriodKind;
  grid: PlanGrid;
  /** Column headings in the user's language, one per period. */
  periodLabels: string[];
  currency: string;
  canEdit: boolean;
};

type Change = { key: string; cell: PlanCellInput; error: string | null };

/**
 * The plan grid: a number input per rep, team subtotal and org total, per month or quarter. Typing edits a cell;
 * pasting a block copied from a spreadsheet fills cells from the focused one. Save sends every changed cell at once.
 */
export function PlanGridEditor({ orgSlug, metric, metricName, money, periodKind, grid, periodLabels, currency, canEdit }: Props) {
  const t = useTranslations("plans");
  const tAll = useTranslations();
  const format = useFormatter();
  const trpc = useTRPC();
  const router = useRouter();
  const rows = useMemo(() => planRows(grid), [grid]);
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [sentKeys, setSentKeys] = useState<string[]>([]);
  const save = useMutation(
    trpc.plans.save.mutationOptions({
      onSuccess: () => {
        setDrafts({});
        router.refresh();
      },
    }),
  );
  const { fieldError, formError } = useMutationErrors(save.error);

  const changes = collectChanges(rows, drafts);
  const hasLocalErrors = changes.some((change) => change.error !== null);
  useEffect(() => {
    if (changes.length === 0) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [changes.length]);

  const formatTarget = (value: number | null) =>
    value === null ? "" : format.number(value, money ? { style: "currency", currency, minimumFractionDigits: 0, maximumFractionDigits: 2 } : { maximumFractionDigits: 2 });
  const rowName = (row: PlanRow) =>
    row.kind === "org" ? t("orgTotal") : row.kind === "team" ? t("teamTotal", { team: row.name ?? t("noTeam") }) : (row.name ?? "");

  const edit = (entries: [string, string][]) => {
    save.reset();
    setDrafts((current) => ({ ...current, ...Object.fromEntries(entries) }));
  };

  const paste = (event: ClipboardEvent<HTMLInputElement>, rowIndex: number, columnIndex: number) => {
    const cells = pastedCells(event.clipboardData.getData("text/plain"), rowIndex, columnIndex, (r, c) => {
      const row = rows[r];
      const periodStart = grid.periodStarts[c];
      return row?.target && periodStart ? cellKey(row.key, periodStart) : undefined;
    });
    if (!cells) return;
    event.preventDefault();
    edit(cells.map(([key, value]) => [key, normalized(value)]));
  };

  const submit = () => {
    if (changes.length === 0 || hasLocalErrors) return;
    setSentKeys(changes.map((change) => change.key));
    save.mutate({ orgSlug, metric, periodKind, cells: changes.map((change) => change.cell) });
  };

  const errorFor = (key: string) => {
    const local = changes.find((change) => change.key === key)?.error;
    if (local) return tAll(local);
    const sent = sentKeys.indexOf(key);
    return sent >= 0 ? fieldError(`cells.${sent}.target`) : undefined;
  };

  if (rows.length === 1) return <FormAlert kind="info">{t("noReps")}</FormAlert>;
  return (
    <div className="space-y-3">
      {formError && <FormAlert kind="error">{formError}</FormAlert>}
      {save.isSuccess && changes.length === 0 && <FormAlert kind="success">{t("saved")}</FormAlert>}
      <div className="overflow-x-auto rounded-xl border border-gray-200 bg-white shadow-sm">
        <table className="min-w-full text-sm">
          <caption className="sr-only">{`${metricName}${money ? `, ${currency}` : ""}`}</caption>
          <thead className="bg-gray-50 text-left text-xs font-medium uppercase text-gray-500">
            <tr>
              <th scope="col" className="sticky left-0 z-10 bg-gray-50 px-3 py-2">
                {t("rep")}
              </th>
              {periodLabels.map((label) => (
                <th key={label} scope="col" className="px-2 py-2 text-right">
                  {label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, rowIndex) => (
              <tr key={row.key} className={row.kind === "rep" ? "border-t border-gray-100" : "border-t border-gray-200 bg-gray-50 font-semibold"}>
                <th scope="row" className={`sticky left-0 z-10 whitespace-nowrap px-3 py-1 text-left font-medium text-gray-900 ${row.kind === "rep" ? "bg-white" : "bg-gray-50"}`}>
                  {rowName(row)}
                </th>
                {row.cells.map((cell, columnIndex) => {
                  const key = cellKey(row.key, cell.periodStart);
                  const label = t("cellLabel", { name: rowName(row), period: periodLabels[columnIndex]! });
                  if (!canEdit || !row.target) {
                    return (
                      <td key={key} className="px-2 py-1 text-right tabular-nums text-gray-700" title={cell.source ? t(cell.source) : undefined}>
                        {formatTarget(cell.target)}
                      </td>
                    );
                  }
                  const error = errorFor(key);
                  const draft = drafts[key];
                  return (
                    <td key={key} className="px-1 py-1 align-top">
                      <input
                        type="text"
                        inputMode="decimal"
                        aria-label={label}
                        aria-invalid={error ? true : undefined}
                        aria-describedby={error ? `${key}-error` : undefined}
                        title={cell.source === "summed" ? t("summed") : undefined}
                        placeholder={cell.source === "summed" ? formatTarget(cell.target) : undefined}
                        value={draft ?? (cell.source === "explicit" ? String(cell.target) : "")}
                        onChange={(event) => edit([[key, event.target.value]])}
                        onPaste={(event) => paste(event, rowIndex, columnIndex)}
                        className={`w-32 rounded border-gray-300 px-2 py-1 text-right text-sm tabular-nums aria-[invalid=true]:border-red-500 ${draft !== undefined ? "bg-amber-50" : ""}`}
                      />
                      {error && (
                        <p id={`${key}-error`} className="mt-0.5 max-w-28 text-xs font-normal text-red-600">
                          {error}
                        </p>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {canEdit && (
        <GridSaveBar
          changes={changes.length}
          blocked={hasLocalErrors}
          pending={save.isPending}
          onSave={submit}
          onDiscard={() => setDrafts({})}
          labels={{ save: t("save"), saving: t("saving"), unsaved: t("unsaved", { count: changes.length }), discard: t("discard"), hint: t("pasteHint") }}
        />
      )}
    </div>
  );
}

/** A pasted value as the input shows it: a number in plain notation, or the text as is when it is not a number. */
function normalized(text: string): string {
  const value = parseSpreadsheetNumber(text);
  return value === null ? "" : Number.isNaN(value) ? text.trim() : String(value);
}

/** Drafts that differ from the saved explicit targets, with the error (a message key) of those that are invalid. */
function collectChanges(rows: PlanRow[], drafts: Record<string, string>): Change[] {
  const changes: Change[] = [];
  for (const row of rows) {
    if (!row.target) continue;
    for (const cell of row.cells) {
      const key = cellKey(row.key, cell.periodStart);
      const draft = drafts[key];
      if (draft === undefined) continue;
      const value = parseSpreadsheetNumber(draft);
      const saved = cell.source === "explicit" ? cell.target : null;
      if (value === saved) continue;
      const parsed = ZPlanTarget.safeParse(Number.isNaN(value) ? undefined : value);
      const error = Number.isNaN(value) ? "plans.errors.notANumber" : parsed.success ? null : (parsed.error.issues[0]?.message ?? "plans.errors.notANumber");
      changes.push({ key, cell: { ...row.target, periodStart: cell.periodStart, target: value }, error });
    }
  }
  return changes;
}

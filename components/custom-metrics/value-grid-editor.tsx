"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, type ClipboardEvent } from "react";
import { FormAlert } from "@/components/auth/form-alert";
import { GridSaveBar } from "@/components/ui/grid-save-bar";
import { parseSpreadsheetNumber, pastedCells } from "@/components/plans/parse-pasted-block";
import { useTRPC } from "@/lib/trpc/client";
import { useMutationErrors } from "@/lib/trpc/use-mutation-errors";
import type { CustomMetricValueInput } from "@/server/custom-metrics/custom-metric-input";
import type { ValueGrid } from "@/server/custom-metrics/value-grid";

type Props = { orgSlug: string; metricId: number; grid: ValueGrid; periodLabels: string[]; canEdit: boolean };

const cellKey = (repId: number | null, periodStart: string) => `${repId ?? "org"}:${periodStart}`;

/**
 * Values of one custom metric: a row for the org as a whole and one per rep, a column per period. Typing edits a
 * cell, pasting a block copied from a spreadsheet fills cells from the focused one, and Save sends all changes.
 */
export function ValueGridEditor({ orgSlug, metricId, grid, periodLabels, canEdit }: Props) {
  const t = useTranslations("customMetrics");
  const trpc = useTRPC();
  const router = useRouter();
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const save = useMutation(
    trpc.customMetrics.saveValues.mutationOptions({
      onSuccess: () => {
        setDrafts({});
        router.refresh();
      },
    }),
  );
  const { formError } = useMutationErrors(save.error);

  const changes: CustomMetricValueInput[] = [];
  const invalidKeys = new Set<string>();
  for (const row of grid.rows) {
    grid.periodStarts.forEach((periodStart, i) => {
      const draft = drafts[cellKey(row.repId, periodStart)];
      if (draft === undefined) return;
      const value = parseSpreadsheetNumber(draft);
      if (Number.isNaN(value)) invalidKeys.add(cellKey(row.repId, periodStart));
      else if (value !== row.values[i]) changes.push({ repId: row.repId, periodStart, value });
    });
  }

  const edit = (entries: [string, string][]) => {
    save.reset();
    setDrafts((current) => ({ ...current, ...Object.fromEntries(entries) }));
  };
  const paste = (event: ClipboardEvent<HTMLInputElement>, rowIndex: number, columnIndex: number) => {
    const cells = pastedCells(event.clipboardData.getData("text/plain"), rowIndex, columnIndex, (r, c) => {
      const row = grid.rows[r];
      const periodStart = grid.periodStarts[c];
      return row && periodStart ? cellKey(row.repId, periodStart) : undefined;
    });
    if (!cells) return;
    event.preventDefault();
    edit(cells.map(([key, value]) => [key, value.trim()]));
  };
  const rowName = (row: ValueGrid["rows"][number]) => row.name ?? t("orgRow");

  return (
    <div className="space-y-3">
      {formError && <FormAlert kind="error">{formError}</FormAlert>}
      {save.isSuccess && changes.length === 0 && <FormAlert kind="success">{t("saved")}</FormAlert>}
      <div className="overflow-x-auto rounded-xl border border-gray-200 bg-white shadow-sm">
        <table className="min-w-full text-sm">
          <thead className="bg-gray-50 text-left text-xs font-medium uppercase text-gray-500">
            <tr>
              <th scope="col" className="sticky left-0 z-10 bg-gray-50 px-3 py-2">{t("who")}</th>
              {periodLabels.map((label, i) => (
                <th key={grid.periodStarts[i]} scope="col" className="px-2 py-2 text-right">{label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {grid.rows.map((row, rowIndex) => (
              <tr key={row.repId ?? "org"} className={row.repId === null ? "bg-gray-50 font-semibold" : "border-t border-gray-100"}>
                <th scope="row" className={`sticky left-0 z-10 whitespace-nowrap px-3 py-1 text-left font-medium text-gray-900 ${row.repId === null ? "bg-gray-50" : "bg-white"}`}>
                  {rowName(row)}
                </th>
                {grid.periodStarts.map((periodStart, columnIndex) => {
                  const key = cellKey(row.repId, periodStart);
                  const saved = row.values[columnIndex];
                  if (!canEdit) return <td key={key} className="px-2 py-1 text-right tabular-nums text-gray-700">{saved ?? ""}</td>;
                  const draft = drafts[key];
                  const invalid = invalidKeys.has(key);
                  return (
                    <td key={key} className="px-1 py-1">
                      <input
                        type="text"
                        inputMode="decimal"
                        aria-label={t("cellLabel", { name: rowName(row), period: periodLabels[columnIndex]! })}
                        aria-invalid={invalid ? true : undefined}
                        title={invalid ? t("errors.notANumber") : undefined}
                        value={draft ?? (saved === null ? "" : String(saved))}
                        onChange={(event) => edit([[key, event.target.value]])}
                        onPaste={(event) => paste(event, rowIndex, columnIndex)}
                        className={`w-24 rounded border-gray-300 px-2 py-1 text-right text-sm tabular-nums aria-[invalid=true]:border-red-500 ${draft !== undefined ? "bg-amber-50" : ""}`}
                      />
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
          blocked={invalidKeys.size > 0}
          pending={save.isPending}
          onSave={() => save.mutate({ orgSlug, metricId, cells: changes })}
          onDiscard={() => setDrafts({})}
          labels={{ save: t("save"), saving: t("saving"), unsaved: t("unsaved", { count: changes.length }), discard: t("discard"), hint: t("pasteHint") }}
        >
          {invalidKeys.size > 0 && <p className="text-sm text-red-700">{t("errors.notANumber")}</p>}
        </GridSaveBar>
      )}
    </div>
  );
}

import type { FieldProblem } from "@/server/ingest/validate-records";
import { readCell } from "./cell-values";
import { importKinds, type FieldValues, type ImportKind } from "./import-fields";
import type { Cell } from "./parse-file";

/** Field key → index of the file column that fills it (null or absent: not imported). */
export type ColumnMapping = Record<string, number | null | undefined>;
/** A refused row: its number as the spreadsheet shows it (the header is row 1) and its problems (message keys). */
export type RowFailure = { row: number; errors: FieldProblem[] };

/** The row number a spreadsheet shows for data row `index` (0-based, after the header). */
export const rowNumberOf = (index: number) => index + 2;

/**
 * Each data row as a push API record of the kind. Cells that cannot be read as their field's type (a number,
 * a date…) fail the row here; `rowIndexes[i]` is the data row of `records[i]`.
 */
export function rowsToRecords(kind: ImportKind, rows: Cell[][], mapping: ColumnMapping, timeZone: string) {
  const { fields, toRecord } = importKinds[kind];
  const records: unknown[] = [];
  const rowIndexes: number[] = [];
  const failed: RowFailure[] = [];
  rows.forEach((cells, index) => {
    const values: FieldValues = {};
    const errors: FieldProblem[] = [];
    for (const field of fields) {
      const column = mapping[field.key];
      const cell = column === null || column === undefined ? null : (cells[column] ?? null);
      if (cell === null || cell === "") continue;
      const value = readCell(cell, field.type, timeZone);
      if (value === null) errors.push({ path: field.key, message: `imports.cell.${field.type}` });
      else values[field.key] = value;
    }
    if (errors.length > 0) failed.push({ row: rowNumberOf(index), errors });
    else {
      records.push(toRecord(values));
      rowIndexes.push(index);
    }
  });
  return { records, rowIndexes, failed };
}

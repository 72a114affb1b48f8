/**
 * A number as English, Russian or Ukrainian spreadsheets write it: spaces (also no-break) or the other mark as
 * thousands separators, a comma or a dot as the decimal mark ("1 234,56", "1,234.56", "1.234,56", "1234.5").
 * A single mark followed by exactly three digits is read as a thousands separator ("1,000" = 1000).
 * Empty text is null (clears the cell); anything else unreadable is NaN.
 */
export function parseSpreadsheetNumber(text: string): number | null {
  const compact = text.replace(/[\s\u00a0\u202f']/g, "").replace(/[^\d.,-]/g, (c) => (/\p{Sc}/u.test(c) ? "" : c));
  if (compact === "") return null;
  if (!/^-?[\d.,]+$/.test(compact)) return Number.NaN;
  const lastComma = compact.lastIndexOf(",");
  const lastDot = compact.lastIndexOf(".");
  let decimalMark: "," | "." | null = null;
  if (lastComma >= 0 && lastDot >= 0) decimalMark = lastComma > lastDot ? "," : ".";
  else {
    const mark = lastComma >= 0 ? "," : lastDot >= 0 ? "." : null;
    if (mark) {
      const occurrences = compact.split(mark).length - 1;
      const digitsAfter = compact.length - compact.lastIndexOf(mark) - 1;
      decimalMark = occurrences === 1 && digitsAfter !== 3 ? mark : null;
    }
  }
  const thousands = decimalMark === "," ? "." : decimalMark === "." ? "," : /[.,]/g;
  const normalized = compact.replaceAll(thousands, "").replace(",", ".");
  const value = Number(normalized);
  return Number.isFinite(value) ? value : Number.NaN;
}

/** Rows of a block copied from a spreadsheet: lines split by newlines, cells by tabs; a trailing newline adds no row. */
export function parsePastedBlock(text: string): string[][] {
  const lines = text.replace(/\r\n?/g, "\n").replace(/\n$/, "").split("\n");
  return lines.map((line) => line.split("\t"));
}

/**
 * The cells a block pasted into the cell at (row, column) fills, as [cell key, text]; cells outside the grid
 * (keyAt answers undefined) are skipped. Null when the text is a single value, which the input takes as typed.
 */
export function pastedCells(text: string, row: number, column: number, keyAt: (row: number, column: number) => string | undefined): [string, string][] | null {
  if (!/[\t\n]/.test(text.replace(/\r?\n$/, ""))) return null;
  const cells: [string, string][] = [];
  parsePastedBlock(text).forEach((values, i) =>
    values.forEach((value, j) => {
      const key = keyAt(row + i, column + j);
      if (key) cells.push([key, value]);
    }),
  );
  return cells;
}

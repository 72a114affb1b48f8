import ExcelJS from "exceljs";
import { DomainError } from "@/server/errors";

/** A cell as read from a file: text from CSV; text, number, date or boolean from XLSX; null when empty. */
export type Cell = string | number | boolean | Date | null;
export type ParsedFile = { header: string[]; rows: Cell[][] };

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_FILE_ROWS = 50_000;

const XLSX_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** Reads a CSV (comma or semicolon, UTF-8 with or without BOM, quoted fields) or the first sheet of an XLSX file. */
export async function parseFile(bytes: Uint8Array): Promise<ParsedFile> {
  if (bytes.byteLength > MAX_FILE_BYTES) throw new DomainError("invalid", "imports.file.tooBig", undefined, { maxMb: MAX_FILE_BYTES / 1024 / 1024 });
  const isXlsx = XLSX_MAGIC.every((byte, i) => bytes[i] === byte);
  const table = isXlsx ? await readXlsx(bytes) : readCsv(new TextDecoder("utf-8").decode(bytes));
  const [header, ...rows] = table;
  if (!header || header.every((cell) => cell === null)) throw new DomainError("invalid", "imports.file.empty");
  if (rows.length > MAX_FILE_ROWS) throw new DomainError("invalid", "imports.file.tooManyRows", undefined, { max: MAX_FILE_ROWS, count: rows.length });
  return { header: header.map((cell) => (cell === null ? "" : String(cell).trim())), rows };
}

/** RFC 4180 CSV; the separator is whichever of `;` and `,` appears more often in the first line outside quotes. */
export function readCsv(text: string): Cell[][] {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const separator = guessSeparator(source);
  const rows: Cell[][] = [];
  let row: Cell[] = [];
  let field = "";
  let quoted = false;
  const endField = () => {
    row.push(field === "" ? null : field);
    field = "";
  };
  const endRow = () => {
    endField();
    if (row.some((cell) => cell !== null)) rows.push(row);
    row = [];
    if (rows.length > MAX_FILE_ROWS + 1) throw new DomainError("invalid", "imports.file.tooManyRows", undefined, { max: MAX_FILE_ROWS, count: rows.length - 1 });
  };
  for (let i = 0; i < source.length; i++) {
    const char = source[i]!;
    if (quoted) {
      if (char !== '"') field += char;
      else if (source[i + 1] === '"') (field += '"'), i++;
      else quoted = false;
    } else if (char === '"') quoted = true;
    else if (char === separator) endField();
    else if (char === "\n") endRow();
    else if (char !== "\r") field += char;
  }
  if (field !== "" || row.length > 0) endRow();
  return rows;
}

function guessSeparator(text: string): ";" | "," {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === "\n") break;
    else if (!quoted && char === ";") semicolons++;
    else if (!quoted && char === ",") commas++;
  }
  return semicolons > commas ? ";" : ",";
}

async function readXlsx(bytes: Uint8Array): Promise<Cell[][]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  } catch {
    throw new DomainError("invalid", "imports.file.unreadable");
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  if (sheet.actualRowCount > MAX_FILE_ROWS + 1) {
    throw new DomainError("invalid", "imports.file.tooManyRows", undefined, { max: MAX_FILE_ROWS, count: sheet.actualRowCount - 1 });
  }
  const rows: Cell[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: Cell[] = [];
    for (let column = 1; column <= row.cellCount; column++) cells.push(cellValue(row.getCell(column).value));
    if (cells.some((cell) => cell !== null)) rows.push(cells);
  });
  return rows;
}

function cellValue(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value.trim() === "" ? null : value;
  if (typeof value === "number" || typeof value === "boolean" || value instanceof Date) return value;
  if ("richText" in value) return value.richText.map((part) => part.text).join("");
  if ("result" in value) return cellValue(value.result as ExcelJS.CellValue);
  if ("text" in value) return String(value.text);
  return null;
}

import { zonedTimeToInstant } from "@/lib/zoned-time";
import type { Cell } from "./parse-file";

/** How a column's text becomes a record value; `null` means the cell cannot be read as that type. */
export type ValueType = "text" | "number" | "dateTime" | "day" | "boolean";

const SPACES = /[\s\u00a0\u202f']/g;
const DOTTED = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::\d{2})?)?$/;
const ISO_LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?)?$/;
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;
const TRUE = new Set(["true", "yes", "y", "1", "да", "так", "+"]);
const FALSE = new Set(["false", "no", "n", "0", "нет", "ні", "-"]);

/** "1 234,50", "1,234.50", "1234.5", "1.234,50" → 1234.5; a single comma is the decimal separator. */
export function readNumber(text: string): number | null {
  let compact = text.replace(SPACES, "");
  const lastComma = compact.lastIndexOf(",");
  const lastDot = compact.lastIndexOf(".");
  if (lastComma >= 0 && lastDot >= 0) {
    compact = lastComma > lastDot ? compact.replace(/\./g, "").replace(",", ".") : compact.replace(/,/g, "");
  } else if (lastComma >= 0) {
    compact = compact.split(",").length > 2 ? compact.replace(/,/g, "") : compact.replace(",", ".");
  } else if (compact.split(".").length > 2) compact = compact.replace(/\./g, "");
  if (!/^-?\d+(\.\d+)?$/.test(compact)) return null;
  return Number(compact);
}

const pad = (n: number | string) => String(n).padStart(2, "0");

/** A date and optional time from ISO or DD.MM.YYYY text, with the wall-clock parts. */
function readWallTime(text: string): { date: string; hour: number; minute: number } | null {
  const dotted = DOTTED.exec(text);
  const iso = ISO_LOCAL.exec(text);
  const [year, month, day, hour, minute] = dotted
    ? [dotted[3], dotted[2], dotted[1], dotted[4], dotted[5]]
    : iso
      ? [iso[1], iso[2], iso[3], iso[4], iso[5]]
      : [];
  if (!year) return null;
  const date = `${year}-${pad(month!)}-${pad(day!)}`;
  const check = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(check.getTime()) || check.toISOString().slice(0, 10) !== date) return null;
  return { date, hour: Number(hour ?? 0), minute: Number(minute ?? 0) };
}

/** Excel stores a date cell as wall-clock time; exceljs hands it over as a Date whose UTC fields are that wall time. */
function wallTimeOfExcelDate(value: Date) {
  return { date: value.toISOString().slice(0, 10), hour: value.getUTCHours(), minute: value.getUTCMinutes() };
}

/** A cell as a value of `type`; dates without an offset are read as wall-clock time in `timeZone`. */
export function readCell(cell: Cell, type: ValueType, timeZone: string): string | number | boolean | null {
  if (cell === null) return null;
  const text = typeof cell === "string" ? cell.trim() : "";
  switch (type) {
    case "text":
      return cell instanceof Date ? cell.toISOString() : String(cell).trim();
    case "number":
      return typeof cell === "number" ? cell : typeof cell === "string" ? readNumber(text) : null;
    case "boolean":
      if (typeof cell === "boolean") return cell;
      return TRUE.has(String(cell).toLowerCase()) ? true : FALSE.has(String(cell).toLowerCase()) ? false : null;
    case "day": {
      const wall = cell instanceof Date ? wallTimeOfExcelDate(cell) : readWallTime(text);
      return wall?.date ?? null;
    }
    case "dateTime": {
      if (ISO_WITH_OFFSET.test(text)) return text;
      const wall = cell instanceof Date ? wallTimeOfExcelDate(cell) : readWallTime(text);
      return wall ? zonedTimeToInstant(wall, timeZone).toISOString() : null;
    }
  }
}

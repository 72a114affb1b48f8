import type { createFormatter } from "next-intl";
import type { Tile } from "@/server/dashboard/tiles";

type Formatter = ReturnType<typeof createFormatter>;

/** A KPI value in the user's locale: counts as integers, money in the org currency, ratios as percents; null = no value. */
export function formatKpi(format: Formatter, unit: Tile["unit"], value: number | null, currency: string): string | null {
  if (value === null) return null;
  switch (unit) {
    case "count":
      return format.number(value, { maximumFractionDigits: 0 });
    case "money":
      return format.number(value, { style: "currency", currency, maximumFractionDigits: 0 });
    case "ratio":
      return format.number(value, { style: "percent", maximumFractionDigits: 1 });
  }
}

/** An absolute change with its sign; a ratio's change is in percentage points (the caller adds the unit). */
export function formatSignedChange(format: Formatter, unit: Tile["unit"], change: number, currency: string): string {
  if (unit === "ratio") return format.number(change * 100, { maximumFractionDigits: 1, signDisplay: "exceptZero" });
  const options = unit === "money" ? { style: "currency" as const, currency } : {};
  return format.number(change, { ...options, maximumFractionDigits: 0, signDisplay: "exceptZero" });
}

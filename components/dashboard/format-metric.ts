import type { createFormatter } from "next-intl";
import type { MetricUnit } from "@/server/kpi/types";

type Formatter = ReturnType<typeof createFormatter>;

export type UnitInfo = { unit: MetricUnit; durationIn?: "minutes"; currency: string };

/** A metric value in the user's locale: counts whole, money in the org currency, percents, ratios, days or minutes; null = no value. */
export function formatMetric(format: Formatter, { unit, durationIn, currency }: UnitInfo, value: number | null, compact = false): string | null {
  if (value === null) return null;
  switch (unit) {
    case "count":
      return format.number(value, { maximumFractionDigits: 0, ...(compact ? { notation: "compact" as const } : {}) });
    case "money":
      return format.number(value, { style: "currency", currency, ...(compact ? { notation: "compact" as const, maximumFractionDigits: 1 } : { maximumFractionDigits: 0 }) });
    case "percent":
      return format.number(value, { style: "percent", maximumFractionDigits: 1 });
    case "ratio":
      return format.number(value, { maximumFractionDigits: 2 });
    case "duration":
      return format.number(value, { style: "unit", unit: durationIn === "minutes" ? "minute" : "day", unitDisplay: "short", maximumFractionDigits: 1 });
  }
}

/** An absolute change with its sign; a percent's change is in percentage points (the caller adds the unit). */
export function formatSignedChange(format: Formatter, info: UnitInfo, change: number): string {
  if (info.unit === "percent") return format.number(change * 100, { maximumFractionDigits: 1, signDisplay: "exceptZero" });
  const options = info.unit === "money" ? { style: "currency" as const, currency: info.currency } : {};
  return format.number(change, { ...options, maximumFractionDigits: info.unit === "count" || info.unit === "money" ? 0 : 2, signDisplay: "exceptZero" });
}

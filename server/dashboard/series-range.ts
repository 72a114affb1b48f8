import { addDays, addMonths, zonedRange, type ZonedRange } from "@/lib/periods";
import type { Breakdown } from "@/server/kpi/request";

/** Buckets a chart over time shows, ending with the period's last bucket: one period by month is a single point. */
const span = { day: 0, week: 13, month: 12, quarter: 8 } as const;

/** The range a time-series widget is computed over: the period itself by day, else whole buckets up to its end. */
export function seriesRange(period: ZonedRange, breakdown: Breakdown | undefined, timeZone: string): ZonedRange {
  const lastDay = addDays(period.to, -1);
  switch (breakdown) {
    case "week":
      return zonedRange(addDays(period.to, -7 * span.week), period.to, timeZone);
    case "month":
      return zonedRange(addMonths(lastDay, 1 - span.month), addMonths(lastDay, 1), timeZone);
    case "quarter": {
      const quarterStart = addMonths(lastDay, -((Number(lastDay.slice(5, 7)) - 1) % 3));
      return zonedRange(addMonths(quarterStart, -3 * (span.quarter - 1)), addMonths(quarterStart, 3), timeZone);
    }
    default:
      return period;
  }
}

import { zonedRange, type ResolvedPeriod, type ZonedRange } from "@/lib/periods";
import type { LocalDate } from "@/lib/zoned-time";
import type { Comparison } from "./request";

/** The same calendar day a year earlier; 29 February becomes 28 February. */
export function yearEarlier(date: LocalDate): LocalDate {
  const year = Number(date.slice(0, 4)) - 1;
  const monthDay = date.slice(5);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return `${String(year).padStart(4, "0")}-${monthDay === "02-29" && !leap ? "02-28" : monthDay}`;
}

/** The period to compare with (kpi-catalog **Calendar**): the previous unit, or the same dates a year earlier. */
export function comparisonRange(period: ResolvedPeriod, comparison: Comparison): ZonedRange {
  if (comparison === "previous_period") return period.previous;
  return zonedRange(yearEarlier(period.current.from), yearEarlier(period.current.to), period.timeZone);
}

import { addDays, addMonths, monthStart, zonedRange, type ResolvedPeriod, type ZonedRange } from "@/lib/periods";
import type { LocalDate } from "@/lib/zoned-time";
import type { Breakdown, Comparison } from "./request";

export type TimeBucket = Extract<Breakdown, "day" | "week" | "month" | "quarter">;
export const isTimeBucket = (breakdown: Breakdown | undefined): breakdown is TimeBucket =>
  breakdown === "day" || breakdown === "week" || breakdown === "month" || breakdown === "quarter";

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

/**
 * The period just before `range`, of the same kind: as many whole months before a range of whole months, else as
 * many days (revenue_growth: month over month).
 */
export function precedingRange(range: ZonedRange, timeZone: string): ZonedRange {
  const months = (Number(range.to.slice(0, 4)) - Number(range.from.slice(0, 4))) * 12 + Number(range.to.slice(5, 7)) - Number(range.from.slice(5, 7));
  if (range.from.endsWith("-01") && range.to.endsWith("-01") && months > 0) {
    return zonedRange(addMonths(range.from, -months), range.from, timeZone);
  }
  const days = Math.round((Date.parse(`${range.to}T00:00:00Z`) - Date.parse(`${range.from}T00:00:00Z`)) / 86_400_000);
  return zonedRange(addDays(range.from, -days), range.from, timeZone);
}

/** A cohort of deals created in `range` is maturing while the conversion window of its latest deals is open. */
export const cohortMaturing = (range: ZonedRange, windowDays: number, now: Date) =>
  range.end.getTime() + windowDays * 86_400_000 > now.getTime();

const isoWeekday = (date: LocalDate) => ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;

/** The first day of the time bucket holding `date`; weeks start on ISO weekday `weekStart`. */
function bucketStart(date: LocalDate, bucket: TimeBucket, weekStart: number): LocalDate {
  switch (bucket) {
    case "day":
      return date;
    case "week":
      return addDays(date, -((isoWeekday(date) - weekStart + 7) % 7));
    case "month":
      return monthStart(date);
    case "quarter":
      return addMonths(date, -((Number(date.slice(5, 7)) - 1) % 3));
  }
}

/** The first day of the time bucket after the one starting on `start`. */
export const nextBucketStart = (start: LocalDate, bucket: TimeBucket): LocalDate =>
  bucket === "day" ? addDays(start, 1) : bucket === "week" ? addDays(start, 7) : addMonths(start, bucket === "month" ? 1 : 3);

/** The first days of every time bucket that overlaps [from, to), in order (as the SQL breakdown keys them). */
export function timeBuckets(from: LocalDate, to: LocalDate, bucket: TimeBucket, weekStart: number): LocalDate[] {
  const starts: LocalDate[] = [];
  for (let start = bucketStart(from, bucket, weekStart); start < to; start = nextBucketStart(start, bucket)) starts.push(start);
  return starts;
}

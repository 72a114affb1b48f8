import type { Random } from "./random";

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Working hours of the demo company in UTC (09:00–19:00 in Kyiv, give or take daylight saving). */
const WORK_START_HOUR = 6;
const WORK_END_HOUR = 17;

export function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.getTime();
}

export function startOfUtcDay(ms: number): number {
  return ms - (((ms % DAY) + DAY) % DAY);
}

/** "YYYY-MM-DD" of the UTC day. */
export function dayKey(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function isWeekend(ms: number): boolean {
  const day = new Date(ms).getUTCDay();
  return day === 0 || day === 6;
}

/** The moment itself when it falls in working hours, else a little after the next opening. */
export function toWorkingHours(ms: number, random: Random): number {
  const hour = new Date(ms).getUTCHours();
  if (!isWeekend(ms) && hour >= WORK_START_HOUR && hour < WORK_END_HOUR) return ms;
  let day = startOfUtcDay(ms);
  if (hour >= WORK_START_HOUR || isWeekend(day)) day += DAY;
  while (isWeekend(day)) day += DAY;
  return day + WORK_START_HOUR * HOUR + random.between(0, 3 * HOUR);
}

/** A moment inside a day, in working hours, or evenings too for channels that bring leads around the clock. */
export function timeOfDay(random: Random, aroundTheClock: boolean): number {
  if (aroundTheClock && random.chance(0.3)) return random.between(0, DAY);
  return WORK_START_HOUR * HOUR + random.between(0, (WORK_END_HOUR - WORK_START_HOUR) * HOUR);
}

const monthFormatters = new Map<string, Intl.DateTimeFormat>();
// Intl is slow per call and offsets only change on the hour, so months are remembered per (zone, hour).
const monthByHour = new Map<string, string>();

/** "YYYY-MM-01" of the calendar month that `ms` falls in, in `timeZone`. */
export function monthKey(ms: number, timeZone: string): string {
  const cacheKey = `${timeZone}|${Math.floor(ms / HOUR)}`;
  const cached = monthByHour.get(cacheKey);
  if (cached) return cached;
  let format = monthFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit" });
    monthFormatters.set(timeZone, format);
  }
  const parts = format.formatToParts(ms);
  const key = `${parts.find((p) => p.type === "year")!.value}-${parts.find((p) => p.type === "month")!.value}-01`;
  if (monthByHour.size > 100_000) monthByHour.clear();
  monthByHour.set(cacheKey, key);
  return key;
}

/** `key` ("YYYY-MM-01") moved by `months`. */
export function shiftMonthKey(key: string, months: number): string {
  const d = new Date(`${key}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

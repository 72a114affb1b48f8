import { z } from "zod";
import { localDateAt, zonedTimeToInstant, type LocalDate } from "./zoned-time";

export const periodPresets = ["this_month", "last_month", "this_quarter", "custom"] as const;
export type PeriodPreset = (typeof periodPresets)[number];

const ZLocalDate = z.iso
  .date()
  .refine((date) => date >= "1970-01-01" && date <= "2999-12-31", { message: "dashboard.period.invalidDate" });

/** What the URL (?period=…&from=…&to=…) and the API take; `from` and `to` are inclusive days of a custom range. */
export const ZPeriodInput = z
  .object({
    period: z.enum(periodPresets).default("this_month"),
    from: ZLocalDate.optional(),
    to: ZLocalDate.optional(),
  })
  .refine((input) => input.period !== "custom" || (input.from && input.to && input.from <= input.to), {
    message: "dashboard.period.invalidRange",
    path: ["to"],
  });
export type PeriodInput = z.output<typeof ZPeriodInput>;

/** Local dates [from, to) and the instants they begin at in the org's time zone. */
export type ZonedRange = { from: LocalDate; to: LocalDate; start: Date; end: Date };

export type ResolvedPeriod = {
  preset: PeriodPreset;
  timeZone: string;
  current: ZonedRange;
  /** The comparison period (kpi-catalog **Calendar**): the previous unit of the same kind, or as many days just before. */
  previous: ZonedRange;
};

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** The period named by page search params; anything invalid falls back to this month. */
export function parsePeriodSearchParams(params: Record<string, string | string[] | undefined>): PeriodInput {
  const parsed = ZPeriodInput.safeParse({ period: first(params.period), from: first(params.from), to: first(params.to) });
  if (!parsed.success) return { period: "this_month" };
  const { period, from, to } = parsed.data;
  return period === "custom" ? { period, from, to } : { period };
}

function dateParts(date: LocalDate) {
  const [year, month, day] = date.split("-").map(Number);
  return { year: year!, month: month!, day: day! };
}

const fromUtcMs = (ms: number): LocalDate => new Date(ms).toISOString().slice(0, 10);

export function addDays(date: LocalDate, days: number): LocalDate {
  const { year, month, day } = dateParts(date);
  return fromUtcMs(Date.UTC(year, month - 1, day + days));
}

/** The first day of the month `months` after the month of `date`. */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const { year, month } = dateParts(date);
  return fromUtcMs(Date.UTC(year, month - 1 + months, 1));
}

export const monthStart = (date: LocalDate): LocalDate => addMonths(date, 0);

function quarterStart(date: LocalDate): LocalDate {
  const { year, month } = dateParts(date);
  return fromUtcMs(Date.UTC(year, Math.floor((month - 1) / 3) * 3, 1));
}

function daysBetween(from: LocalDate, to: LocalDate): number {
  const a = dateParts(from);
  const b = dateParts(to);
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000);
}

/** Local dates [from, to) as instants in `timeZone`. */
export function zonedRange(from: LocalDate, to: LocalDate, timeZone: string): ZonedRange {
  return { from, to, start: zonedTimeToInstant({ date: from }, timeZone), end: zonedTimeToInstant({ date: to }, timeZone) };
}

/** The period and its comparison period as local dates [from, to), with `today` the org's current date. */
function periodDates(input: PeriodInput, today: LocalDate): { current: [LocalDate, LocalDate]; previous: [LocalDate, LocalDate] } {
  switch (input.period) {
    case "this_month":
    case "last_month": {
      const from = addMonths(today, input.period === "this_month" ? 0 : -1);
      return { current: [from, addMonths(from, 1)], previous: [addMonths(from, -1), from] };
    }
    case "this_quarter": {
      const from = quarterStart(today);
      return { current: [from, addMonths(from, 3)], previous: [addMonths(from, -3), from] };
    }
    case "custom": {
      const from = input.from!;
      const to = addDays(input.to!, 1);
      return { current: [from, to], previous: [addDays(from, -daysBetween(from, to)), from] };
    }
  }
}

/** The period asked for, in the org's time zone, as of `now`. */
export function resolvePeriod(input: PeriodInput, timeZone: string, now: Date): ResolvedPeriod {
  const { current, previous } = periodDates(input, localDateAt(now, timeZone));
  return {
    preset: input.period,
    timeZone,
    current: zonedRange(current[0], current[1], timeZone),
    previous: zonedRange(previous[0], previous[1], timeZone),
  };
}

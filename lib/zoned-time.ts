/** A calendar date without a time zone, "YYYY-MM-DD". */
export type LocalDate = string;

/** A wall-clock moment in some time zone; the time defaults to midnight. */
export type WallTime = { date: LocalDate; hour?: number; minute?: number };

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall clock in `timeZone` at `instantMs`, as milliseconds of a UTC date with the same fields. */
function wallClockMs(instantMs: number, timeZone: string): number {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instantMs))) {
    if (part.type !== "literal") fields[part.type] = Number(part.value);
  }
  return Date.UTC(fields.year!, fields.month! - 1, fields.day!, fields.hour!, fields.minute!, fields.second!);
}

/** How far `timeZone` is ahead of UTC at `instantMs` (local − UTC), in milliseconds. */
function offsetMs(instantMs: number, timeZone: string): number {
  const wholeSecond = Math.floor(instantMs / 1000) * 1000;
  return wallClockMs(wholeSecond, timeZone) - wholeSecond;
}

function parseLocalDate(date: LocalDate): [number, number, number] {
  const [year, month, day] = date.split("-").map(Number);
  return [year!, month!, day!];
}

/**
 * The instant at which the wall clock in `timeZone` shows `wall`.
 * Across a DST switch the offset differs on either side, so both offsets a day away are tried:
 * a time that occurs twice (clocks go back) resolves to the earlier instant, and a time skipped
 * by clocks going forward resolves to the same distance after the switch (as Temporal's "compatible").
 */
export function zonedTimeToInstant(wall: WallTime, timeZone: string): Date {
  const [year, month, day] = parseLocalDate(wall.date);
  const wallMs = Date.UTC(year, month - 1, day, wall.hour ?? 0, wall.minute ?? 0);
  const offsetBefore = offsetMs(wallMs - DAY_MS, timeZone);
  const offsetAfter = offsetMs(wallMs + DAY_MS, timeZone);
  const matches = [offsetBefore, offsetAfter]
    .map((offset) => wallMs - offset)
    .filter((instant) => offsetMs(instant, timeZone) === wallMs - instant);
  return new Date(matches.length > 0 ? Math.min(...matches) : wallMs - offsetBefore);
}

/** The calendar date that the wall clock in `timeZone` shows at `instant`. */
export function localDateAt(instant: Date, timeZone: string): LocalDate {
  return new Date(wallClockMs(instant.getTime(), timeZone)).toISOString().slice(0, 10);
}

import { and, gte, inArray, lt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { orgHolidays } from "@/db/schema";
import { addDays } from "@/lib/periods";
import type { LocalDate } from "@/lib/zoned-time";
import type { OrgSettings } from "./org-settings";

/** The org's working week (ISO weekdays) and its holidays (kpi-catalog **Calendar**). */
export type WorkCalendar = { workingDays: readonly number[]; holidays: ReadonlySet<LocalDate> };

const isoWeekday = (date: LocalDate) => ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;

/** Working days in [from, to): working weekdays that are not holidays. */
export function workingDaysBetween(calendar: WorkCalendar, from: LocalDate, to: LocalDate): number {
  let days = 0;
  for (let day = from; day < to; day = addDays(day, 1)) {
    if (calendar.workingDays.includes(isoWeekday(day)) && !calendar.holidays.has(day)) days += 1;
  }
  return days;
}

/** Each org's calendar for its own [from, to), by org id: one query whatever the number of orgs. */
export async function loadWorkCalendars(db: Db, entries: { org: OrgSettings; from: LocalDate; to: LocalDate }[]): Promise<Map<string, WorkCalendar>> {
  const calendars = new Map(entries.map(({ org }) => [org.id, { workingDays: org.workingDays, holidays: new Set<LocalDate>() }]));
  if (entries.length === 0) return calendars;
  const from = entries.map((e) => e.from).sort()[0]!;
  const to = entries.map((e) => e.to).sort().at(-1)!;
  const rows = await db
    .select({ orgId: orgHolidays.orgId, day: orgHolidays.day })
    .from(orgHolidays)
    .where(and(inArray(orgHolidays.orgId, entries.map((e) => e.org.id)), gte(orgHolidays.day, from), lt(orgHolidays.day, to)));
  const rangeOf = new Map(entries.map((e) => [e.org.id, e]));
  for (const row of rows) {
    const range = rangeOf.get(row.orgId)!;
    if (row.day >= range.from && row.day < range.to) calendars.get(row.orgId)!.holidays.add(row.day);
  }
  return calendars;
}

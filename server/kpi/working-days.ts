import { and, eq, gte, lt } from "drizzle-orm";
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

export async function loadWorkCalendar(db: Db, org: OrgSettings, from: LocalDate, to: LocalDate): Promise<WorkCalendar> {
  const rows = await db
    .select({ day: orgHolidays.day })
    .from(orgHolidays)
    .where(and(eq(orgHolidays.orgId, org.id), gte(orgHolidays.day, from), lt(orgHolidays.day, to)));
  return { workingDays: org.workingDays, holidays: new Set(rows.map((row) => row.day)) };
}

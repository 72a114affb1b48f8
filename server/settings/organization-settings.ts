import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { organizations, orgHolidays } from "@/db/schema";
import { notFound } from "@/server/errors";

export const ltvMethods = ["history", "subscription"] as const;
export const meetingCountings = ["stage", "activity"] as const;

export type Holiday = { day: string; name: string };

/** What an organization's settings page shows and saves; the dashboard reads these per request. */
export type OrganizationSettings = {
  name: string;
  currency: string;
  timeZone: string;
  locale: string;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekStart: number;
  workingDays: number[];
  holidays: Holiday[];
  fiscalYearStartMonth: number;
  conversionWindowDays: number;
  churnWindowDays: number;
  staleDealDays: number;
  ltvMethod: (typeof ltvMethods)[number];
  meetingCounting: (typeof meetingCountings)[number];
};

const columns = {
  name: organizations.name,
  currency: organizations.currency,
  timeZone: organizations.timeZone,
  locale: organizations.locale,
  weekStart: organizations.weekStart,
  workingDays: organizations.workingDays,
  fiscalYearStartMonth: organizations.fiscalYearStartMonth,
  conversionWindowDays: organizations.conversionWindowDays,
  churnWindowDays: organizations.churnWindowDays,
  staleDealDays: organizations.staleDealDays,
  ltvMethod: organizations.ltvMethod,
  meetingCounting: organizations.meetingCounting,
};

export async function loadOrganizationSettings(db: Db, orgId: string): Promise<OrganizationSettings> {
  const [org] = await db.select(columns).from(organizations).where(eq(organizations.id, orgId)).limit(1);
  if (!org) throw notFound();
  const holidays = await db
    .select({ day: orgHolidays.day, name: orgHolidays.name })
    .from(orgHolidays)
    .where(eq(orgHolidays.orgId, orgId))
    .orderBy(asc(orgHolidays.day));
  return { ...org, workingDays: [...org.workingDays].sort((a, b) => a - b), holidays };
}

/** Saves every setting and replaces the holiday list, all in one transaction: nothing is half-saved. */
export async function updateOrganizationSettings(db: Db, orgId: string, settings: OrganizationSettings): Promise<void> {
  const { holidays, ...fields } = settings;
  await db.transaction(async (tx) => {
    const updated = await tx
      .update(organizations)
      .set({ ...fields, workingDays: [...new Set(fields.workingDays)].sort((a, b) => a - b) })
      .where(eq(organizations.id, orgId))
      .returning({ id: organizations.id });
    if (updated.length === 0) throw notFound();
    await tx.delete(orgHolidays).where(eq(orgHolidays.orgId, orgId));
    if (holidays.length > 0) await tx.insert(orgHolidays).values(holidays.map((h) => ({ orgId, day: h.day, name: h.name })));
  });
}

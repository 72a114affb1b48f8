import { inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { organizations } from "@/db/schema";
import { notFound } from "@/server/errors";

/** What metric queries need to know about the organization: calendar, currency and counting settings. */
export type OrgSettings = {
  id: string;
  timeZone: string;
  currency: string;
  /** ISO weekday the week starts on (1 = Monday). */
  weekStart: number;
  conversionWindowDays: number;
  meetingCounting: "stage" | "activity";
  /** Working weekdays (ISO, 1 = Monday); holidays are in org_holidays. */
  workingDays: number[];
  churnWindowDays: number;
  staleDealDays: number;
  ltvMethod: "history" | "subscription";
};

/** The settings of each org in `orgIds` (one query whatever their number), in no particular order; unknown ids are left out. */
export async function loadOrgSettingsFor(db: Db, orgIds: string[]): Promise<OrgSettings[]> {
  if (orgIds.length === 0) return [];
  return db
    .select({
      id: organizations.id,
      timeZone: organizations.timeZone,
      currency: organizations.currency,
      weekStart: organizations.weekStart,
      conversionWindowDays: organizations.conversionWindowDays,
      meetingCounting: organizations.meetingCounting,
      workingDays: organizations.workingDays,
      churnWindowDays: organizations.churnWindowDays,
      staleDealDays: organizations.staleDealDays,
      ltvMethod: organizations.ltvMethod,
    })
    .from(organizations)
    .where(inArray(organizations.id, orgIds));
}

export async function loadOrgSettings(db: Db, orgId: string): Promise<OrgSettings> {
  const [org] = await loadOrgSettingsFor(db, [orgId]);
  if (!org) throw notFound();
  return org;
}

import { eq } from "drizzle-orm";
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

export async function loadOrgSettings(db: Db, orgId: string): Promise<OrgSettings> {
  const [org] = await db
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
    .where(eq(organizations.id, orgId))
    .limit(1);
  if (!org) throw notFound();
  return org;
}

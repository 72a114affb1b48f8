import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { organizations } from "@/db/schema";
import { notFound } from "@/server/errors";

/** What dashboard queries need to know about the organization: its time zone and currency. */
export type OrgSettings = { id: string; timeZone: string; currency: string };

export async function loadOrgSettings(db: Db, orgId: string): Promise<OrgSettings> {
  const [org] = await db
    .select({ id: organizations.id, timeZone: organizations.timeZone, currency: organizations.currency })
    .from(organizations)
    .where(eq(organizations.id, orgId))
    .limit(1);
  if (!org) throw notFound();
  return org;
}

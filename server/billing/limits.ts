import { eq } from "drizzle-orm";
import { organizations } from "@/db/schema";
import { DomainError } from "@/server/errors";
import { loadBillingStateById, type Queryable } from "./billing-state";
import { billingEnabled } from "./config";
import type { LimitKind } from "./plans";
import { usageOf } from "./usage";

/**
 * Refuses adding `adding` more of `kind` (members, CRM connections, client organizations) past the plan's limit.
 * Call it inside the transaction that adds them: it locks the org row, so two requests cannot both take the last place.
 * The error's message names the limit, and its params carry the billing page's URL for an upgrade link.
 */
export async function assertWithinLimit(db: Queryable, orgId: string, kind: LimitKind, adding = 1, now: Date = new Date()): Promise<void> {
  if (!billingEnabled()) return;
  await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, orgId)).for("update");
  const state = await loadBillingStateById(db, orgId, now);
  const limit = state.limits[kind];
  if (limit === null) return;
  const used = await usageOf(db, orgId, kind, now);
  if (used + adding > limit) {
    throw new DomainError("limit_reached", `billing.limitReached.${kind}`, undefined, { limit, used, billingUrl: state.billingUrl });
  }
}

/** Refuses a sync schedule more frequent than the plan allows (null = manual syncs only, always allowed). */
export async function assertSyncIntervalAllowed(db: Queryable, orgId: string, intervalMinutes: number | null): Promise<void> {
  if (intervalMinutes === null || !billingEnabled()) return;
  const state = await loadBillingStateById(db, orgId);
  const minutes = state.limits.minSyncMinutes;
  if (minutes !== null && intervalMinutes < minutes) {
    throw new DomainError("limit_reached", "billing.limitReached.syncInterval", undefined, { minutes, billingUrl: state.billingUrl });
  }
}

/**
 * The oldest moment the org's plan keeps synced history from: `now` minus the plan's months of history (calendar
 * months, UTC). Null when the plan keeps all history, and when billing is off (open limits).
 */
export async function historyCutoff(db: Queryable, orgId: string, now: Date = new Date()): Promise<Date | null> {
  if (!billingEnabled()) return null;
  const months = (await loadBillingStateById(db, orgId, now)).limits.historyMonths;
  return months === null ? null : monthsBefore(now, months);
}

/** `date` minus whole calendar months in UTC; a day the earlier month lacks falls to its last day (31 Mar − 1 = 28/29 Feb). */
export function monthsBefore(date: Date, months: number): Date {
  const result = new Date(date);
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() - months);
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result;
}

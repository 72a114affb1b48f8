import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { dataSources, syncRuns } from "@/db/schema";
import { DomainError } from "@/server/errors";
import { assertSyncIntervalAllowed } from "@/server/billing/limits";
import { crmKinds } from "./connector";

/** The schedules a person can choose: minutes between syncs, or null for "sync now" only. */
export const syncIntervals = [15, 60, 1440] as const;

const connectedCrm = (orgId: string, sourceId: number) =>
  and(eq(dataSources.orgId, orgId), eq(dataSources.id, sourceId), inArray(dataSources.kind, [...crmKinds]));

async function requireConnected(db: Db, orgId: string, sourceId: number) {
  const [source] = await db.select({ disconnectedAt: dataSources.disconnectedAt }).from(dataSources).where(connectedCrm(orgId, sourceId));
  if (!source) throw new DomainError("not_found", "sources.errors.sourceNotFound");
  if (source.disconnectedAt) throw new DomainError("conflict", "sources.errors.disconnected");
}

/** Sets how often a connected CRM syncs; the next sync is one interval after the last one (at once when overdue). */
export async function setSchedule(db: Db, orgId: string, sourceId: number, intervalMinutes: number | null) {
  await requireConnected(db, orgId, sourceId);
  await assertSyncIntervalAllowed(db, orgId, intervalMinutes);
  const [source] = await db
    .update(dataSources)
    .set({
      syncIntervalMinutes: intervalMinutes,
      nextSyncAt:
        intervalMinutes === null ? null : sql`coalesce(${dataSources.lastSyncedAt}, now()) + make_interval(mins => ${intervalMinutes}::int)`,
    })
    .where(connectedCrm(orgId, sourceId))
    .returning({ syncIntervalMinutes: dataSources.syncIntervalMinutes, nextSyncAt: dataSources.nextSyncAt });
  return source!;
}

/**
 * Disconnects a CRM: its credentials are erased, the schedule stops and a queued or running run is cancelled
 * (a running one stops before its next page). The synced data and the run history stay.
 */
export async function disconnectSource(db: Db, orgId: string, sourceId: number) {
  await requireConnected(db, orgId, sourceId);
  await db.transaction(async (tx) => {
    await tx.update(dataSources).set({ disconnectedAt: sql`now()`, credentials: null, nextSyncAt: null }).where(connectedCrm(orgId, sourceId));
    await tx
      .update(syncRuns)
      .set({ status: "cancelled", finishedAt: sql`now()` })
      .where(and(eq(syncRuns.orgId, orgId), eq(syncRuns.sourceId, sourceId), inArray(syncRuns.status, ["queued", "running"])));
  });
}

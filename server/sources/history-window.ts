import { and, eq, inArray, isNull, notExists } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { activities, dealStageEvents, deals, organizations, syncCheckpoints, syncLeftOutDeals } from "@/db/schema";
import { historyCutoff } from "@/server/billing/limits";
import type { ActivityRecord } from "@/server/ingest/schemas/activities";
import type { DealRecord } from "@/server/ingest/schemas/deals";
import type { StageEventRecord } from "@/server/ingest/schemas/stage-events";
import type { SourceScope } from "@/server/ingest/upsert-source-rows";
import type { ValidRecord } from "@/server/ingest/validate-records";
import type { StreamKind } from "./connector";

/**
 * How far back a run may store history: the plan's cutoff (now minus its months of history). Null: the plan keeps
 * all history (or billing is off). The deals left out as older are remembered in sync_left_out_deals, so the stage
 * changes and activities of such a deal are left out with it by any later run too, instead of failing as records
 * of an unknown deal.
 */
export type HistoryWindow = { cutoff: Date } | null;

export async function historyWindowOf(db: Db, orgId: string, now: Date = new Date()): Promise<HistoryWindow> {
  const cutoff = await historyCutoff(db, orgId, now);
  return cutoff ? { cutoff } : null;
}

/** Which of `externalIds` (deals of the source) a sync left out as older than the plan's history and are not stored since. */
async function leftOutDealsAmong(tx: Tx, scope: SourceScope, externalIds: string[]): Promise<Set<string>> {
  if (externalIds.length === 0) return new Set();
  const stored = tx
    .select({ id: deals.id })
    .from(deals)
    .where(and(eq(deals.orgId, scope.orgId), eq(deals.sourceId, scope.sourceId), eq(deals.externalId, syncLeftOutDeals.externalId)));
  const rows = await tx
    .select({ externalId: syncLeftOutDeals.externalId })
    .from(syncLeftOutDeals)
    .where(
      and(
        eq(syncLeftOutDeals.orgId, scope.orgId),
        eq(syncLeftOutDeals.sourceId, scope.sourceId),
        inArray(syncLeftOutDeals.externalId, externalIds),
        notExists(stored),
      ),
    );
  return new Set(rows.map((row) => row.externalId));
}

/** A record's own moment: a deal's creation, a stage change's time, an activity's completion (else its plan, else its logging). */
const momentOf: Record<StreamKind, (record: never) => string> = {
  deals: (deal: DealRecord) => deal.createdAt,
  "stage-events": (event: StageEventRecord) => event.at,
  activities: (activity: ActivityRecord) => activity.completedAt ?? activity.scheduledAt ?? activity.createdAt,
};

const tables = { deals, "stage-events": dealStageEvents, activities } as const;

/**
 * Splits a page's valid records into those to write and those left out as older than the plan's history. A record
 * already stored (synced before a downgrade, or before it aged past the cutoff) is kept, so it goes on being
 * updated; nothing stored is removed. This filter at write time is the rule, whatever the connector asked the CRM for.
 */
export async function leaveOutOldHistory<T>(
  tx: Tx,
  scope: SourceScope,
  kind: StreamKind,
  valid: ValidRecord<T>[],
  window: HistoryWindow,
): Promise<{ keep: ValidRecord<T>[]; leftOut: number }> {
  if (!window || valid.length === 0) return { keep: valid, leftOut: 0 };
  const moment = momentOf[kind] as (record: T) => string;
  const dealOf = (record: T) => (record as { dealExternalId?: string }).dealExternalId;
  const dealsLeftOut = kind === "deals" ? new Set<string>() : await leftOutDealsAmong(tx, scope, [...new Set(valid.flatMap(({ record }) => dealOf(record) ?? []))]);
  const old = (record: T) => Date.parse(moment(record)) < window.cutoff.getTime() || dealsLeftOut.has(dealOf(record) ?? "");
  const candidates = valid.filter(({ record }) => old(record));
  if (candidates.length === 0) return { keep: valid, leftOut: 0 };

  const table = tables[kind];
  const ids = candidates.map(({ record }) => (record as { externalId: string }).externalId);
  const stored = new Set(
    (
      await tx
        .select({ externalId: table.externalId })
        .from(table)
        .where(and(eq(table.orgId, scope.orgId), eq(table.sourceId, scope.sourceId), inArray(table.externalId, ids)))
    ).map((row) => row.externalId),
  );
  const keep: ValidRecord<T>[] = [];
  const leftOutIds: string[] = [];
  for (const entry of valid) {
    const externalId = (entry.record as { externalId: string }).externalId;
    if (!old(entry.record) || stored.has(externalId)) keep.push(entry);
    else leftOutIds.push(externalId);
  }
  if (kind === "deals" && leftOutIds.length > 0) {
    await tx.insert(syncLeftOutDeals).values(leftOutIds.map((externalId) => ({ ...scope, externalId }))).onConflictDoNothing();
  }
  return { keep, leftOut: leftOutIds.length };
}

/**
 * After a plan change that reaches further back (an upgrade from 12 to 24 months, or to all history), the next sync
 * of every CRM of the org (and of an agency's clients, which share its plan) reads everything again instead of only
 * what changed, so records left out before arrive. Streams in the middle of a pass finish it first. Writes are
 * idempotent, so the re-read duplicates nothing.
 */
export async function rereadHistoryAfterUpgrade(tx: Tx, payerOrgId: string): Promise<void> {
  const clients = await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.agencyOrgId, payerOrgId));
  const orgIds = [payerOrgId, ...clients.map((client) => client.id)];
  await tx
    .update(syncCheckpoints)
    .set({ since: null })
    .where(and(inArray(syncCheckpoints.orgId, orgIds), isNull(syncCheckpoints.passStartedAt)));
  // The re-read decides again what is too old for the new plan.
  await tx.delete(syncLeftOutDeals).where(inArray(syncLeftOutDeals.orgId, orgIds));
}

/** Whether `after` keeps more months of history than `before` (null: all of it). */
export function historyLengthened(before: number | null, after: number | null): boolean {
  return before !== null && (after === null || after > before);
}

import { and, asc, count, desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { dataSources, syncRunErrors, syncRuns } from "@/db/schema";
import { DomainError } from "@/server/errors";
import { crmKinds } from "./connector";

const runColumns = {
  id: syncRuns.id,
  sourceId: syncRuns.sourceId,
  status: syncRuns.status,
  trigger: syncRuns.trigger,
  currentStream: syncRuns.currentStream,
  pagesDone: syncRuns.pagesDone,
  recordsDone: syncRuns.recordsDone,
  recordsTotal: syncRuns.recordsTotal,
  created: syncRuns.created,
  updated: syncRuns.updated,
  deleted: syncRuns.deleted,
  failed: syncRuns.failed,
  leftOutByHistory: syncRuns.leftOutByHistory,
  error: syncRuns.error,
  attempts: syncRuns.attempts,
  queuedAt: syncRuns.queuedAt,
  startedAt: syncRuns.startedAt,
  finishedAt: syncRuns.finishedAt,
};

const isCrm = (kind: string) => (crmKinds as readonly string[]).includes(kind);

/**
 * The org's data sources: connected CRMs with their schedule and latest run, and the push API and file import
 * sources as read-only rows. Credentials are never selected.
 */
export async function listSources(db: Db, orgId: string) {
  const sources = await db
    .select({
      id: dataSources.id,
      kind: dataSources.kind,
      name: dataSources.name,
      accountId: dataSources.accountId,
      syncIntervalMinutes: dataSources.syncIntervalMinutes,
      nextSyncAt: dataSources.nextSyncAt,
      lastSyncedAt: dataSources.lastSyncedAt,
      disconnectedAt: dataSources.disconnectedAt,
      createdAt: dataSources.createdAt,
    })
    .from(dataSources)
    .where(eq(dataSources.orgId, orgId))
    .orderBy(asc(dataSources.createdAt), asc(dataSources.id));
  const latest = await db
    .selectDistinctOn([syncRuns.sourceId], runColumns)
    .from(syncRuns)
    .where(eq(syncRuns.orgId, orgId))
    .orderBy(syncRuns.sourceId, desc(syncRuns.queuedAt), desc(syncRuns.id));
  const latestBySource = new Map(latest.map((run) => [run.sourceId, run]));
  return sources.map((source) => ({ ...source, syncable: isCrm(source.kind), latestRun: latestBySource.get(source.id) ?? null }));
}

/** A source's latest runs, newest first. */
export async function listRuns(db: Db, orgId: string, sourceId: number, limit = 20) {
  return db
    .select(runColumns)
    .from(syncRuns)
    .where(and(eq(syncRuns.orgId, orgId), eq(syncRuns.sourceId, sourceId)))
    .orderBy(desc(syncRuns.queuedAt), desc(syncRuns.id))
    .limit(limit);
}

/** The records a run skipped and why (the first `limit`), with the total. */
export async function listRunErrors(db: Db, orgId: string, runId: number, limit = 200) {
  const [run] = await db.select({ id: syncRuns.id }).from(syncRuns).where(and(eq(syncRuns.orgId, orgId), eq(syncRuns.id, runId)));
  if (!run) throw new DomainError("not_found", "errors.notFound");
  const scope = and(eq(syncRunErrors.orgId, orgId), eq(syncRunErrors.runId, runId));
  const [errors, [total]] = await Promise.all([
    db
      .select({ id: syncRunErrors.id, stream: syncRunErrors.stream, externalId: syncRunErrors.externalId, message: syncRunErrors.message, at: syncRunErrors.at })
      .from(syncRunErrors)
      .where(scope)
      .orderBy(asc(syncRunErrors.id))
      .limit(limit),
    db.select({ n: count() }).from(syncRunErrors).where(scope),
  ]);
  return { errors, total: total?.n ?? 0 };
}

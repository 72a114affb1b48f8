import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { dataSources, deals, syncCheckpoints, syncRunErrors, syncRuns, type SyncRun } from "@/db/schema";
import { DomainError } from "@/server/errors";
import { validateBatch, writeValidRecords } from "@/server/ingest/ingest-batch";
import type { SourceScope } from "@/server/ingest/upsert-source-rows";
import type { RecordFailure } from "@/server/ingest/validate-records";
import { SourceHttpError, type ConnectorContext, type PageResult, type SourceMessage, type Stream } from "./connector";
import { historyWindowOf, leaveOutOldHistory, type HistoryWindow } from "./history-window";
import { createSourceHttp, type SourceHttpOptions } from "./http";
import { connectorFor, type ConnectorRegistry } from "./registry";
import { openCredentials, sealCredentials } from "./secrets";

export type RunSyncOptions = {
  connectors: ConnectorRegistry;
  /** Aborting stops after the page in progress; the run is queued again and resumes at its checkpoint. */
  signal?: AbortSignal;
  /** Tries of a run before a retryable CRM error (rate limit, outage) fails it (default 3). */
  maxAttempts?: number;
  /** Overrides for the HTTP client (tests: a fast sleep). */
  http?: Pick<SourceHttpOptions, "sleep" | "maxAttempts" | "baseDelayMs" | "fetch">;
  /** The moment the plan's months of history count back from (default: now). */
  now?: Date;
};

/** How a call ended: finished (succeeded, failed or cancelled), or to be retried later from its checkpoint. */
export type RunSyncResult = { outcome: "finished" | "retry" | "interrupted" | "skipped"; run: SyncRun | null };

type Checkpoint = { cursor: unknown; passStartedAt: Date | null; since: Date | null; updatedAt: Date };
type PageCounts = { created: number; updated: number; deleted: number; failed: number; records: number; leftOutByHistory: number };

class RunStopped extends Error {}

/**
 * Runs one sync run of a connected source. Streams are read in the connector's order, one page at a time; each page
 * is written in one transaction together with its skipped-record errors, the stream's checkpoint and the run's
 * counters, so a worker killed at any moment resumes exactly at the next page: nothing lost, nothing doubled.
 */
export async function runSync(db: Db, orgId: string, runId: number, options: RunSyncOptions): Promise<RunSyncResult> {
  const [run] = await db
    .update(syncRuns)
    .set({ status: "running", startedAt: sql`coalesce(${syncRuns.startedAt}, now())`, attempts: sql`${syncRuns.attempts} + 1`, heartbeatAt: sql`now()`, error: null })
    .where(and(eq(syncRuns.orgId, orgId), eq(syncRuns.id, runId), inArray(syncRuns.status, ["queued", "running"])))
    .returning();
  if (!run) return { outcome: "skipped", run: null };
  const scope: SourceScope = { orgId, sourceId: run.sourceId };

  try {
    const [source] = await db.select().from(dataSources).where(and(eq(dataSources.orgId, orgId), eq(dataSources.id, run.sourceId)));
    if (!source || source.disconnectedAt || !source.credentials) return { outcome: "finished", run: await finishRun(db, run, "cancelled") };
    const connector = connectorFor(options.connectors, source.kind);
    if (!connector) throw new DomainError("invalid", "sources.errors.noConnector", undefined, { kind: source.kind });

    const http = createSourceHttp({
      ...options.http,
      connector,
      credentials: openCredentials(source.credentials),
      signal: options.signal,
      saveCredentials: async (fresh) => {
        await db.update(dataSources).set({ credentials: sealCredentials(fresh) }).where(and(eq(dataSources.orgId, orgId), eq(dataSources.id, run.sourceId)));
      },
    });
    const ctx: ConnectorContext = { http, credentials: () => http.credentials(), cache: new Map(), signal: options.signal ?? new AbortController().signal };
    // The plan's months of history: older records are left out when written, whatever the connector read.
    const history = await historyWindowOf(db, orgId, options.now);

    for (const stream of connector.streams) {
      await syncStream(db, scope, run, stream, ctx, history);
    }
    const finished = await finishRun(db, run, "succeeded");
    return { outcome: "finished", run: finished };
  } catch (error) {
    if (error instanceof RunStopped) return { outcome: "finished", run: null };
    if (options.signal?.aborted) {
      await db.update(syncRuns).set({ status: "queued" }).where(and(eq(syncRuns.orgId, orgId), eq(syncRuns.id, run.id), eq(syncRuns.status, "running")));
      return { outcome: "interrupted", run: null };
    }
    const message = readableError(error);
    if (error instanceof SourceHttpError && error.retryable && run.attempts < (options.maxAttempts ?? 3)) {
      const [queued] = await db
        .update(syncRuns)
        .set({ status: "queued", error: message })
        .where(and(eq(syncRuns.orgId, orgId), eq(syncRuns.id, run.id), eq(syncRuns.status, "running")))
        .returning();
      return { outcome: "retry", run: queued ?? null };
    }
    if (!(error instanceof SourceHttpError) && !(error instanceof DomainError)) console.error(`sync run ${run.id} failed:`, error);
    return { outcome: "finished", run: await finishRun(db, run, "failed", message) };
  }
}

/**
 * How far before the last pass's start an incremental pass reads. The pass start is our clock; a CRM stamps changes
 * with its own, may run behind, and may commit a change stamped before our pass began only after we read past it.
 * Re-reading a few minutes costs little: writes are idempotent.
 */
export const SINCE_OVERLAP_MS = 5 * 60_000;

/** Reads a stream from its checkpoint to the end of the pass, writing page after page. */
async function syncStream(db: Db, scope: SourceScope, run: SyncRun, stream: Stream, ctx: ConnectorContext, history: HistoryWindow) {
  const saved = await loadCheckpoint(db, scope, stream.name);
  // A pass completed since this run started was read by an earlier attempt of this run (before a worker died).
  if (saved && !saved.passStartedAt && run.startedAt && saved.updatedAt >= run.startedAt) return;
  const passStartedAt = saved?.passStartedAt ?? new Date();
  let cursor = saved?.passStartedAt ? saved.cursor : null;
  const since = saved?.since ?? null;
  let readInPass = 0;
  for (;;) {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    const page = await stream.readPage(ctx, { cursor, since: since && new Date(since.getTime() - SINCE_OVERLAP_MS) });
    readInPass += page.records.length;
    await writePage(db, scope, run.id, stream, page, { passStartedAt, since, readInPass }, history);
    if (page.next === null || page.next === undefined) return;
    cursor = page.next;
  }
}

async function loadCheckpoint(db: Db, scope: SourceScope, stream: string): Promise<Checkpoint | undefined> {
  const [row] = await db
    .select({ cursor: syncCheckpoints.cursor, passStartedAt: syncCheckpoints.passStartedAt, since: syncCheckpoints.since, updatedAt: syncCheckpoints.updatedAt })
    .from(syncCheckpoints)
    .where(and(eq(syncCheckpoints.orgId, scope.orgId), eq(syncCheckpoints.sourceId, scope.sourceId), eq(syncCheckpoints.stream, stream)));
  return row;
}

/** One page in one transaction: records, deletions, errors, checkpoint and the run's counters. */
async function writePage(
  db: Db,
  scope: SourceScope,
  runId: number,
  stream: Stream,
  page: PageResult,
  pass: { passStartedAt: Date; since: Date | null; readInPass: number },
  history: HistoryWindow,
) {
  const { valid, failed } = validateBatch(stream.kind, page.records);
  await db.transaction(async (tx) => {
    const [current] = await tx
      .select({ status: syncRuns.status, recordsDone: syncRuns.recordsDone })
      .from(syncRuns)
      .where(and(eq(syncRuns.orgId, scope.orgId), eq(syncRuns.id, runId)))
      .for("update");
    // Cancelled (the source was disconnected) or finished by someone else: this page is not written.
    if (current?.status !== "running") throw new RunStopped();

    const { keep, leftOut } = await leaveOutOldHistory(tx, scope, stream.kind, valid, history);
    const written = keep.length ? await writeValidRecords(tx, scope, stream.kind, keep) : { created: 0, updated: 0, failed: [] };
    const deleted = await deleteDeals(tx, scope, page.deletedExternalIds ?? []);
    const errors = [...recordErrors([...failed, ...written.failed]), ...(page.failures ?? []).map((f) => ({ externalId: f.externalId ?? null, message: f.message }))];
    if (errors.length) await tx.insert(syncRunErrors).values(errors.map((e) => ({ orgId: scope.orgId, runId, stream: stream.name, ...e })));
    const failedRecords = failed.length + written.failed.length + (page.failures?.length ?? 0);

    const done = page.next === null || page.next === undefined;
    const checkpoint = done
      ? { cursor: null, passStartedAt: null, since: pass.passStartedAt }
      : { cursor: page.next, passStartedAt: pass.passStartedAt, since: pass.since };
    await tx
      .insert(syncCheckpoints)
      .values({ ...scope, stream: stream.name, ...checkpoint, updatedAt: sql`now()` })
      .onConflictDoUpdate({ target: [syncCheckpoints.orgId, syncCheckpoints.sourceId, syncCheckpoints.stream], set: { ...checkpoint, updatedAt: sql`now()` } });

    const counts: PageCounts = { created: written.created, updated: written.updated, deleted, failed: failedRecords, records: page.records.length, leftOutByHistory: leftOut };
    const recordsDone = current.recordsDone + counts.records;
    await tx
      .update(syncRuns)
      .set({
        currentStream: stream.name,
        pagesDone: sql`${syncRuns.pagesDone} + 1`,
        recordsDone,
        recordsTotal: page.total === undefined ? null : recordsDone - pass.readInPass + page.total,
        created: sql`${syncRuns.created} + ${counts.created}`,
        updated: sql`${syncRuns.updated} + ${counts.updated}`,
        deleted: sql`${syncRuns.deleted} + ${counts.deleted}`,
        failed: sql`${syncRuns.failed} + ${counts.failed}`,
        leftOutByHistory: sql`${syncRuns.leftOutByHistory} + ${counts.leftOutByHistory}`,
        heartbeatAt: sql`now()`,
      })
      .where(and(eq(syncRuns.orgId, scope.orgId), eq(syncRuns.id, runId)));
  });
}

/** Deletes the source's deals the CRM reports deleted; their stage events and activities go with them (cascade). */
async function deleteDeals(tx: Tx, scope: SourceScope, externalIds: string[]): Promise<number> {
  if (!externalIds.length) return 0;
  const removed = await tx
    .delete(deals)
    .where(and(eq(deals.orgId, scope.orgId), eq(deals.sourceId, scope.sourceId), inArray(deals.externalId, externalIds)))
    .returning({ id: deals.id });
  return removed.length;
}

/** A skipped record's problems as run errors: the field and the ingest message key (apiKeys.record.*). */
function recordErrors(failures: RecordFailure[]) {
  return failures.flatMap((failure) =>
    failure.errors.map((problem) => ({
      externalId: failure.externalId,
      message: { key: problem.message, values: { ...problem.params, field: problem.path } } satisfies SourceMessage,
    })),
  );
}

/** Why a run failed, as a sources message key (domain keys lose their "sources." namespace). */
function readableError(error: unknown): SourceMessage {
  if (error instanceof SourceHttpError) return error.sourceMessage;
  if (error instanceof DomainError) return { key: error.messageKey.replace(/^sources\./, ""), values: error.params };
  return { key: "errors.unexpected" };
}

/** Ends a run and moves the source's schedule: the next scheduled sync is one interval after this one ends. */
async function finishRun(db: Db, run: SyncRun, status: "succeeded" | "failed" | "cancelled", error?: SourceMessage) {
  return db.transaction(async (tx) => {
    const [finished] = await tx
      .update(syncRuns)
      .set({ status, error: error ?? null, finishedAt: sql`now()`, heartbeatAt: sql`now()`, ...(status === "succeeded" ? { currentStream: null } : {}) })
      .where(and(eq(syncRuns.orgId, run.orgId), eq(syncRuns.id, run.id), eq(syncRuns.status, "running")))
      .returning();
    await tx
      .update(dataSources)
      .set({
        ...(status === "succeeded" ? { lastSyncedAt: sql`now()` } : {}),
        nextSyncAt: sql`case when ${dataSources.syncIntervalMinutes} is null or ${dataSources.disconnectedAt} is not null then null
          else now() + make_interval(mins => ${dataSources.syncIntervalMinutes}) end`,
      })
      .where(and(eq(dataSources.orgId, run.orgId), eq(dataSources.id, run.sourceId)));
    return finished ?? null;
  });
}

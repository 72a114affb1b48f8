import { and, asc, eq, inArray, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import { createDb, type Db, type Sql } from "@/db/client";
import { dataSources, syncRuns } from "@/db/schema";
import { loadBillingStateById } from "@/server/billing/billing-state";
import { requestWarmUpsForChangedOrgs, startWarmUps } from "@/server/dashboard/warm-up-queue";
import { crmKinds } from "./connector";
import { connectors as defaultConnectors, type ConnectorRegistry } from "./registry";
import { requestSync } from "./request-sync";
import { runSync, type RunSyncOptions } from "./run-sync";
import { bossQueue, createSyncQueue, newBoss, setSyncQueue, SYNC_QUEUE, syncJobKey, type SyncJob, type SyncQueue } from "./sync-queue";

const TICK_QUEUE = "source-sync-tick";

export type SyncWorkerOptions = {
  databaseUrl: string;
  /**
   * Run everything (runs and pg-boss) through this existing pool instead of opening new ones. Required for the
   * embedded PGlite (`embedded: true`), which is one session behind its socket: there concurrent connections mix
   * up each other's statements and session locks mean nothing, so a single process with one pool is the rule.
   */
  database?: { db: Db; sql: Sql };
  embedded?: boolean;
  connectors?: ConnectorRegistry;
  /** Runs this worker performs at once, each for a different source (default 2). */
  concurrency?: number;
  /** A running run without a heartbeat for this long has lost its worker and is taken over (default 120 s). */
  staleAfterSeconds?: number;
  /** How often an idle worker asks for a job (default 2 s). */
  pollingIntervalSeconds?: number;
  /** Connections of the worker's own pools: for the runs (default 3) and for pg-boss (default 2). */
  poolSize?: number;
  bossPoolSize?: number;
  http?: RunSyncOptions["http"];
};

export type SyncWorker = {
  /** Enqueues due scheduled sources, stalled runs and warm-ups of changed orgs (also every minute and at the start). */
  tick(): Promise<void>;
  /** Stops taking jobs, interrupts runs after their current page (they resume from the checkpoint) and closes. */
  stop(): Promise<void>;
};

/**
 * Starts a sync worker: takes "source-sync" jobs from pg-boss and runs the source's queued or interrupted run, and
 * "dashboard-warm-up" jobs (server/dashboard/warm-up-queue.ts), asked for after each run and by the minute tick.
 * A run is performed by one worker at a time (a session advisory lock per source, released by the database
 * when a worker dies); a run whose heartbeat went stale is enqueued again by the minute tick and continues from
 * its checkpoint with attempts + 1.
 */
export async function startSyncWorker(options: SyncWorkerOptions): Promise<SyncWorker> {
  const connectors = options.connectors ?? defaultConnectors;
  const staleAfter = options.staleAfterSeconds ?? 120;
  const owned = options.database ? null : createDb(options.databaseUrl, { max: options.poolSize ?? 3 });
  const { db, sql: client } = options.database ?? owned!;
  const boss = newBoss(options.database ? { sql: client } : { url: options.databaseUrl, max: options.bossPoolSize ?? 2 });
  boss.on("error", (error) => console.error("sync worker:", error));
  await boss.start();
  await createSyncQueue(boss, { expireInSeconds: 6 * 3600 });
  await boss.createQueue(TICK_QUEUE, { name: TICK_QUEUE, policy: "short", retryLimit: 0 });
  const queue = bossQueue(boss);
  setSyncQueue(queue);
  const warmUps = await startWarmUps(boss, db, { pollingIntervalSeconds: options.pollingIntervalSeconds });

  const shutdown = new AbortController();
  const runningHere = new Set<string>();

  async function performSourceRuns(job: SyncJob) {
    const key = syncJobKey(job);
    if (runningHere.has(key)) return;
    runningHere.add(key);
    try {
      if (options.embedded) await performRuns(job);
      else await withSourceLock(client, key, () => performRuns(job));
    } finally {
      runningHere.delete(key);
    }
  }

  async function performRuns(job: SyncJob) {
    for (;;) {
      const run = await nextRun(db, job);
      if (!run) return;
      const result = await runSync(db, job.orgId, run.id, { connectors, signal: shutdown.signal, http: options.http });
      // Whatever the run committed, the org's people find its dashboards computed when they look.
      await warmUps.request(job.orgId).catch((error) => console.error("dashboard warm-up request:", error));
      // pg-boss retries the job with backoff; the run continues from its checkpoint.
      if (result.outcome === "retry" || result.outcome === "interrupted") throw new Error(`sync run ${run.id}: ${result.outcome}`);
    }
  }

  const tick = async () => {
    await enqueueDueAndStalled(db, queue, staleAfter);
    await requestWarmUpsForChangedOrgs(db, warmUps);
  };
  for (let i = 0; i < (options.concurrency ?? 2); i++) {
    await boss.work<SyncJob>(SYNC_QUEUE, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 }, async ([job]) => performSourceRuns(job!.data));
  }
  await boss.work(TICK_QUEUE, async () => tick());
  await boss.schedule(TICK_QUEUE, "* * * * *");
  await tick().catch((error) => console.error("sync worker tick:", error));

  return {
    tick,
    async stop() {
      shutdown.abort(new Error("sync worker stopping"));
      await boss.stop({ graceful: true, wait: true, timeout: 30_000 });
      setSyncQueue(undefined);
      await owned?.sql.end({ timeout: 5 });
    },
  };
}

/**
 * Holds a session advisory lock for the source on a connection of its own while `work` runs; does nothing when
 * another worker holds it. A worker that dies loses its connection, and the database releases the lock.
 */
async function withSourceLock(client: Sql, key: string, work: () => Promise<void>) {
  const session = await client.reserve();
  const lockKey = `sync-run:${key}`;
  try {
    const [lock] = await session`select pg_try_advisory_lock(hashtextextended(${lockKey}, 0)) as locked`;
    if (!lock?.locked) return;
    try {
      await work();
    } finally {
      await session`select pg_advisory_unlock(hashtextextended(${lockKey}, 0))`;
    }
  } finally {
    session.release();
  }
}

/** The source's run to perform: the oldest queued or running one (a running one here lost its worker). */
async function nextRun(db: Db, job: SyncJob) {
  const [run] = await db
    .select({ id: syncRuns.id })
    .from(syncRuns)
    .where(and(eq(syncRuns.orgId, job.orgId), eq(syncRuns.sourceId, job.sourceId), inArray(syncRuns.status, ["queued", "running"])))
    .orderBy(asc(syncRuns.queuedAt))
    .limit(1);
  return run;
}

/**
 * Queues a scheduled run for every connected source whose next sync is due (moving its next_sync_at one interval
 * on, so only one worker queues it), and wakes workers for runs whose job was lost or whose worker died.
 */
export async function enqueueDueAndStalled(db: Db, queue: SyncQueue, staleAfterSeconds: number) {
  const due = await db
    .update(dataSources)
    .set({ nextSyncAt: sql`now() + make_interval(mins => ${dataSources.syncIntervalMinutes})` })
    .where(
      and(
        lt(dataSources.nextSyncAt, sql`now()`),
        isNotNull(dataSources.syncIntervalMinutes),
        isNull(dataSources.disconnectedAt),
        isNotNull(dataSources.credentials),
        inArray(dataSources.kind, [...crmKinds]),
      ),
    )
    .returning({ orgId: dataSources.orgId, sourceId: dataSources.id });
  for (const source of due) {
    // A read-only organization (trial over, unpaid, cancelled) keeps its data as it is: no scheduled syncs.
    if ((await loadBillingStateById(db, source.orgId)).access === "read_only") continue;
    await requestSync(db, source.orgId, source.sourceId, "schedule", { queue }).catch((error) => console.error("scheduled sync:", error));
  }
  const stale = sql`now() - make_interval(secs => ${staleAfterSeconds})`;
  const stalled = await db
    .selectDistinct({ orgId: syncRuns.orgId, sourceId: syncRuns.sourceId })
    .from(syncRuns)
    .where(
      or(
        and(eq(syncRuns.status, "running"), lt(syncRuns.heartbeatAt, stale)),
        and(eq(syncRuns.status, "queued"), isNull(syncRuns.heartbeatAt), lt(syncRuns.queuedAt, stale)),
        // Queued again for a retry that pg-boss no longer holds.
        and(eq(syncRuns.status, "queued"), lt(syncRuns.heartbeatAt, sql`now() - interval '1 hour'`)),
      ),
    );
  for (const run of stalled) await queue.send(run);
}

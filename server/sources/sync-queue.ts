import PgBoss from "pg-boss";
import { getAppDatabase, type Sql } from "@/db/client";

/** The pg-boss queue sync jobs go through; a job names a source, its queued or running sync_runs row is the work. */
export const SYNC_QUEUE = "source-sync";
export type SyncJob = { orgId: string; sourceId: number };

/** Wakes a worker for a source. Sending twice while a job waits is a no-op (one waiting job per source). */
export type SyncQueue = { send(job: SyncJob): Promise<void> };

export const syncJobKey = (job: SyncJob) => `${job.orgId}:${job.sourceId}`;

/**
 * Creates the queue (idempotent): policy "short" keeps at most one waiting job per source; a job that throws is
 * retried with backoff; an active job whose worker died expires and is retried (the run resumes at its checkpoint).
 */
export async function createSyncQueue(boss: PgBoss, options: { expireInSeconds?: number } = {}) {
  const queue: PgBoss.Queue = {
    name: SYNC_QUEUE,
    policy: "short",
    retryLimit: 5,
    retryDelay: 30,
    retryBackoff: true,
    expireInSeconds: options.expireInSeconds ?? 15 * 60,
  };
  await boss.createQueue(SYNC_QUEUE, queue);
  await boss.updateQueue(SYNC_QUEUE, queue);
}

export function bossQueue(boss: PgBoss): SyncQueue {
  return { send: async (job) => void (await boss.send(SYNC_QUEUE, job, { singletonKey: syncJobKey(job) })) };
}

/**
 * pg-boss over its own small pool, or over an existing postgres.js pool (`sql`): the embedded PGlite is one session
 * behind its socket, so there every query must go through the app's one connection.
 */
export function newBoss(connection: { url: string; max?: number } | { sql: Sql }, options: { supervise?: boolean; schedule?: boolean } = {}) {
  const db = "sql" in connection ? { db: postgresAdapter(connection.sql) } : { connectionString: connection.url, max: connection.max ?? 2 };
  return new PgBoss({ ...db, supervise: options.supervise ?? true, schedule: options.schedule ?? true });
}

/** pg-boss's queries through postgres.js, with parameters serialised as node-postgres would (JSON, array literals). */
function postgresAdapter(sql: Sql): PgBoss.Db {
  return { executeSql: async (text, values = []) => ({ rows: [...(await sql.unsafe(text, values.map(pgParameter)))] }) };
}

function pgParameter(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return `{${value.map((item) => (item === null ? "NULL" : `"${String(item).replace(/[\\"]/g, "\\$&")}"`)).join(",")}}`;
  if (typeof value === "object") return JSON.stringify(value);
  return value as string | number | boolean;
}

const globalForQueue = globalThis as unknown as { syncQueue?: Promise<SyncQueue>; syncQueueOverride?: SyncQueue };

/** The process's queue for sending: the running worker's, or a send-only pg-boss over the app's database pool. */
export function getSyncQueue(): Promise<SyncQueue> {
  if (globalForQueue.syncQueueOverride) return Promise.resolve(globalForQueue.syncQueueOverride);
  globalForQueue.syncQueue ??= (async () => {
    const boss = newBoss({ sql: getAppDatabase().sql }, { supervise: false, schedule: false });
    boss.on("error", (error) => console.error("sync queue:", error));
    await boss.start();
    await createSyncQueue(boss);
    return bossQueue(boss);
  })().catch((error) => {
    globalForQueue.syncQueue = undefined;
    throw error;
  });
  return globalForQueue.syncQueue;
}

/** Makes getSyncQueue return this queue (the worker's own, or a test's). */
export function setSyncQueue(queue: SyncQueue | undefined) {
  globalForQueue.syncQueueOverride = queue;
}

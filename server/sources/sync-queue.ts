import PgBoss from "pg-boss";

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

/** pg-boss with a small pool: through the embedded PGlite socket every connection counts. */
export function newBoss(databaseUrl: string, options: { max?: number; supervise?: boolean; schedule?: boolean } = {}) {
  return new PgBoss({ connectionString: databaseUrl, max: options.max ?? 2, supervise: options.supervise ?? true, schedule: options.schedule ?? true });
}

const globalForQueue = globalThis as unknown as { syncQueue?: Promise<SyncQueue>; syncQueueOverride?: SyncQueue };

/** The process's queue for sending: the running worker's, or a send-only pg-boss on DATABASE_URL opened on first use. */
export function getSyncQueue(): Promise<SyncQueue> {
  if (globalForQueue.syncQueueOverride) return Promise.resolve(globalForQueue.syncQueueOverride);
  globalForQueue.syncQueue ??= (async () => {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set");
    const boss = newBoss(url, { max: 1, supervise: false, schedule: false });
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

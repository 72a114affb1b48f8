import type PgBoss from "pg-boss";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { warmDashboards } from "./warm-up";

/** The pg-boss queue of dashboard warm-ups: a job names an org whose dashboards to compute ahead of its people. */
export const WARM_UP_QUEUE = "dashboard-warm-up";
type WarmUpJob = { orgId: string };

/** Asks for an org's dashboards to be computed. Asking again while one waits is a no-op (one waiting job per org). */
export type WarmUps = { request(orgId: string): Promise<void> };

/** Orgs whose KPI inputs changed this recently are warmed by the minute tick (a sync's end asks at once). */
const CHANGED_WITHIN_MINUTES = 3;

/**
 * Creates the queue (policy "short": at most one waiting job per org, beside the one running) and works it, one
 * warm-up at a time per worker: they share the machine with people's requests.
 */
export async function startWarmUps(boss: PgBoss, db: Db, options: { pollingIntervalSeconds?: number } = {}): Promise<WarmUps> {
  const queue: PgBoss.Queue = { name: WARM_UP_QUEUE, policy: "short", retryLimit: 1, retryDelay: 60, expireInSeconds: 30 * 60 };
  await boss.createQueue(WARM_UP_QUEUE, queue);
  await boss.updateQueue(WARM_UP_QUEUE, queue);
  await boss.work<WarmUpJob>(WARM_UP_QUEUE, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 }, async ([job]) => {
    await warmDashboards(db, job!.data.orgId);
  });
  return { request: async (orgId) => void (await boss.send(WARM_UP_QUEUE, { orgId } satisfies WarmUpJob, { singletonKey: orgId })) };
}

/**
 * Asks for a warm-up of every org whose KPI inputs changed in the last few minutes (org_data_changes, written by
 * triggers on every table the engine reads): imports, plans, settings and edits, not only syncs. An org whose stored
 * dashboards are current costs its warm-up a few look-ups. An org with a sync under way waits for the run's end
 * (which asks for one): a first sync of a large org would otherwise have its half-loaded dashboards computed every
 * minute, beside the sync.
 */
export async function requestWarmUpsForChangedOrgs(db: Db, warmUps: WarmUps): Promise<number> {
  const changed = await db.execute<{ org_id: string }>(sql`
    select distinct c.org_id from org_data_changes c
    join organizations o on o.id = c.org_id
    where c.changed_at > now() - make_interval(mins => ${CHANGED_WITHIN_MINUTES})
      and not exists (select 1 from sync_runs r where r.org_id = c.org_id and r.status in ('queued', 'running'))`);
  for (const { org_id } of changed) await warmUps.request(org_id);
  return changed.length;
}

import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { dataSources, syncRuns, type SyncRun } from "@/db/schema";
import { DomainError } from "@/server/errors";
import { crmKinds } from "./connector";
import { getSyncQueue, type SyncQueue } from "./sync-queue";

export type SyncTrigger = SyncRun["trigger"];

/**
 * Asks for a sync of a connected CRM source: creates a queued run, or returns the run already queued or running
 * for it, and wakes a worker. Refuses sources of another org, non-CRM sources and disconnected ones.
 */
export async function requestSync(db: Db, orgId: string, sourceId: number, trigger: SyncTrigger, options: { queue?: SyncQueue } = {}): Promise<SyncRun> {
  const run = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`sync:${orgId}:${sourceId}`}, 0))`);
    const [source] = await tx
      .select({ kind: dataSources.kind, disconnectedAt: dataSources.disconnectedAt, credentials: dataSources.credentials })
      .from(dataSources)
      .where(and(eq(dataSources.orgId, orgId), eq(dataSources.id, sourceId)));
    if (!source || !(crmKinds as readonly string[]).includes(source.kind)) throw new DomainError("not_found", "sources.errors.sourceNotFound");
    if (source.disconnectedAt || !source.credentials) throw new DomainError("conflict", "sources.errors.disconnected");
    const [active] = await tx
      .select()
      .from(syncRuns)
      .where(and(eq(syncRuns.orgId, orgId), eq(syncRuns.sourceId, sourceId), inArray(syncRuns.status, ["queued", "running"])))
      .orderBy(desc(syncRuns.queuedAt))
      .limit(1);
    if (active) return active;
    const [created] = await tx.insert(syncRuns).values({ orgId, sourceId, trigger }).returning();
    return created!;
  });
  await (options.queue ?? (await getSyncQueue())).send({ orgId, sourceId });
  return run;
}

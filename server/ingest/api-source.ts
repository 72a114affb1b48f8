import { and, asc, eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { dataSources } from "@/db/schema";

/**
 * The org's push API source, created on first use. Takes a transaction-scoped lock per org first, so batches of
 * one org are written one after another (no two first batches create two sources, no upsert deadlocks).
 */
export async function lockApiSource(tx: Tx, orgId: string): Promise<number> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`ingest:${orgId}`}, 0))`);
  const [existing] = await tx
    .select({ id: dataSources.id })
    .from(dataSources)
    .where(and(eq(dataSources.orgId, orgId), eq(dataSources.kind, "api")))
    .orderBy(asc(dataSources.id))
    .limit(1);
  if (existing) return existing.id;
  const [created] = await tx.insert(dataSources).values({ orgId, kind: "api", name: "Push API" }).returning({ id: dataSources.id });
  return created!.id;
}

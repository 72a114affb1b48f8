import { and, asc, eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { dataSources } from "@/db/schema";

/**
 * The org's push API source, created on first use. Takes a transaction-scoped lock per org first, so batches of
 * one org are written one after another (no two first batches create two sources, no upsert deadlocks).
 */
export function lockApiSource(tx: Tx, orgId: string): Promise<number> {
  return lockOwnSource(tx, orgId, "api", "Push API");
}

/** The org's one source of a kind that has no connection (push API, file import), created on first use, under the org's ingest lock. */
export async function lockOwnSource(tx: Tx, orgId: string, kind: "api" | "csv", name: string): Promise<number> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`ingest:${orgId}`}, 0))`);
  const [existing] = await tx
    .select({ id: dataSources.id })
    .from(dataSources)
    .where(and(eq(dataSources.orgId, orgId), eq(dataSources.kind, kind)))
    .orderBy(asc(dataSources.id))
    .limit(1);
  if (existing) return existing.id;
  const [created] = await tx.insert(dataSources).values({ orgId, kind, name }).returning({ id: dataSources.id });
  return created!.id;
}

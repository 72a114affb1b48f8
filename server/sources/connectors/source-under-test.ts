import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { dataSources, organizations, syncRunErrors } from "@/db/schema";
import type { CrmKind, Credentials } from "@/server/sources/connector";
import { runSync, type RunSyncOptions } from "@/server/sources/run-sync";
import { openCredentials, sealCredentials } from "@/server/sources/secrets";
import { queueRun, useTestEncryptionKey } from "@/server/sources/testing/source-fixtures";

/**
 * For connector tests: an org with one CRM source holding these credentials (sealed), a way to run a sync of it
 * through the engine, and what the runs left behind (the stored credentials, each run's skipped records).
 */
export async function sourceUnderTest(
  db: Db,
  source: { slug: string; kind: CrmKind; accountId: string; credentials: Credentials },
  options: RunSyncOptions,
) {
  useTestEncryptionKey();
  const [org] = await db.insert(organizations).values({ name: source.slug, slug: source.slug }).returning();
  const [row] = await db
    .insert(dataSources)
    .values({ orgId: org!.id, kind: source.kind, name: source.kind, accountId: source.accountId, credentials: sealCredentials(source.credentials) })
    .returning();
  const scope = { orgId: org!.id, sourceId: row!.id };
  const ofSource = and(eq(dataSources.orgId, scope.orgId), eq(dataSources.id, scope.sourceId));
  return {
    scope,
    sync: async () => (await runSync(db, scope.orgId, await queueRun(db, scope.orgId, scope.sourceId), options)).run!,
    storedCredentials: async () => openCredentials((await db.select().from(dataSources).where(ofSource))[0]!.credentials!),
    runErrors: async (runId: number) =>
      (await db.select().from(syncRunErrors).where(and(eq(syncRunErrors.orgId, scope.orgId), eq(syncRunErrors.runId, runId)))).map((e) => ({
        stream: e.stream,
        externalId: e.externalId,
        key: e.message.key,
      })),
  };
}

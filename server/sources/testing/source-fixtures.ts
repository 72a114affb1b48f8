import type { Db } from "@/db/client";
import { dataSources, organizations, syncRuns } from "@/db/schema";
import type { CrmKind, Credentials } from "../connector";
import { generateSourcesEncryptionKey, sealCredentials } from "../secrets";

/** Tests seal credentials with a throw-away key. */
export function useTestEncryptionKey() {
  process.env.SOURCES_ENCRYPTION_KEY ??= generateSourcesEncryptionKey();
}

/** An org with one connected CRM: its credentials (baseUrl plus `credentials`, default a token) sealed like a real connection. */
export async function createConnectedSource(
  db: Db,
  options: { slug: string; baseUrl: string; token?: string; kind?: CrmKind; accountId?: string; credentials?: Record<string, string> },
) {
  useTestEncryptionKey();
  const [org] = await db.insert(organizations).values({ name: options.slug, slug: options.slug }).returning();
  const credentials: Credentials = { baseUrl: options.baseUrl, ...(options.credentials ?? { token: options.token ?? "secret-token" }) };
  const [source] = await db
    .insert(dataSources)
    .values({ orgId: org!.id, kind: options.kind ?? "pipedrive", name: "Fake CRM", accountId: options.accountId ?? "fake", credentials: sealCredentials(credentials) })
    .returning();
  return { orgId: org!.id, sourceId: source!.id };
}

export async function queueRun(db: Db, orgId: string, sourceId: number) {
  const [run] = await db.insert(syncRuns).values({ orgId, sourceId, trigger: "manual" }).returning();
  return run!.id;
}

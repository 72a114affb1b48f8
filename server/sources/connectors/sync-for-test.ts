import type { Db } from "@/db/client";
import { validateBatch, writeValidRecords } from "@/server/ingest/ingest-batch";
import type { Connector, Credentials } from "@/server/sources/connector";
import { createSourceHttp } from "@/server/sources/http";

export type TestSyncResult = {
  created: number;
  updated: number;
  errors: { stream: string; externalId?: string; key: string }[];
  saved: Credentials[];
};

/**
 * Reads every stream of a connector page by page and writes the pages through the ingest writers, as a sync run
 * does (until the engine's runSync is available to these tests). Retries wait a few milliseconds, not seconds.
 */
export async function syncForTest(
  db: Db,
  scope: { orgId: string; sourceId: number },
  connector: Connector,
  credentials: Credentials,
  since: Date | null,
): Promise<TestSyncResult> {
  const result: TestSyncResult = { created: 0, updated: 0, errors: [], saved: [] };
  const http = createSourceHttp({
    connector,
    credentials,
    saveCredentials: async (fresh) => void result.saved.push(fresh),
    baseDelayMs: 5,
    maxDelayMs: 20,
  });
  const ctx = { http, credentials: () => http.credentials(), cache: new Map<string, unknown>(), signal: new AbortController().signal };
  for (const stream of connector.streams) {
    let cursor: unknown = null;
    do {
      const page = await stream.readPage(ctx, { cursor, since });
      const { valid, failed } = validateBatch(stream.kind, page.records);
      const written = await db.transaction((tx) => writeValidRecords(tx, scope, stream.kind, valid));
      result.created += written.created;
      result.updated += written.updated;
      for (const failure of page.failures ?? []) result.errors.push({ stream: stream.name, externalId: failure.externalId, key: failure.message.key });
      for (const failure of [...failed, ...written.failed]) {
        result.errors.push({ stream: stream.name, externalId: failure.externalId ?? undefined, key: failure.errors[0]!.message });
      }
      cursor = page.next;
    } while (cursor !== null);
  }
  return result;
}

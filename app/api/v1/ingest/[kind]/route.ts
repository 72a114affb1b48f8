import { getDb } from "@/db/client";
import { assertBillingAllowsWritesById } from "@/server/billing/read-only";
import { ZIngestEnvelope } from "@/server/ingest/envelope";
import { ingestBatch } from "@/server/ingest/ingest-batch";
import { translateIngestResult } from "@/server/ingest/translate-result";
import { requireApiKey } from "@/server/rest/api-key-auth";
import { parseJsonBody } from "@/server/rest/json-body";
import { restHandler } from "@/server/rest/respond";

/** POST /api/v1/ingest/{deals|stage-events|activities|spend|quotas} with `Authorization: Bearer <key>` and `{ records: [...] }`. */
export const POST = restHandler<{ kind: string }>(async (request, { params, locale }) => {
  const db = getDb();
  const { orgId } = await requireApiKey(db, request);
  await assertBillingAllowsWritesById(db, orgId);
  const { records } = await parseJsonBody(request, ZIngestEnvelope, "apiKeys.ingest.envelope");
  return Response.json(await translateIngestResult(await ingestBatch(db, orgId, params.kind, records), locale));
});

import type { z } from "zod";
import type { Db, Tx } from "@/db/client";
import { DomainError } from "@/server/errors";
import { lockApiSource } from "./api-source";
import type { KindWriter, WriteOutcome } from "./kind-writer";
import { ZActivityRecord } from "./schemas/activities";
import { ZCustomMetricValueRecord } from "./schemas/custom-metric-values";
import { ZDealRecord } from "./schemas/deals";
import { ZQuotaRecord } from "./schemas/quotas";
import { ZSpendRecord } from "./schemas/spend";
import { ZStageEventRecord } from "./schemas/stage-events";
import type { SourceScope } from "./upsert-source-rows";
import { validateRecords, type RecordFailure, type ValidRecord } from "./validate-records";
import { writeActivities } from "./write-activities";
import { writeCustomMetricValues } from "./write-custom-metric-values";
import { writeDeals } from "./write-deals";
import { writeQuotas } from "./write-quotas";
import { writeSpend } from "./write-spend";
import { writeStageEvents } from "./write-stage-events";

export const MAX_BATCH_RECORDS = 5000;

export type IngestResult = { received: number; created: number; updated: number; unchanged: number; failed: RecordFailure[] };

type Kind<T> = { schema: z.ZodType<T>; identityOf: (record: T) => string; write: KindWriter<T> };
const kind = <T>(k: Kind<T>) => k as Kind<unknown>;

/** What each ingest kind takes, how a record is identified (for duplicates in a batch) and how it is written. */
const kinds: Record<string, Kind<unknown>> = {
  deals: kind({ schema: ZDealRecord, identityOf: (d) => d.externalId, write: writeDeals }),
  "stage-events": kind({ schema: ZStageEventRecord, identityOf: (e) => e.externalId, write: writeStageEvents }),
  activities: kind({ schema: ZActivityRecord, identityOf: (a) => a.externalId, write: writeActivities }),
  spend: kind({ schema: ZSpendRecord, identityOf: (s) => `${s.channel.externalId}\u0000${s.day}`, write: writeSpend }),
  quotas: kind({
    schema: ZQuotaRecord,
    identityOf: (q) => [q.metric, q.scope, q.repExternalId ?? "", q.teamExternalId ?? "", q.periodKind, q.periodStart].join("\u0000"),
    write: writeQuotas,
  }),
  "custom-metric-values": kind({
    schema: ZCustomMetricValueRecord,
    identityOf: (v) => [v.metric, v.repExternalId ?? "", v.periodStart].join("\u0000"),
    write: writeCustomMetricValues,
  }),
};
export const ingestKinds = Object.keys(kinds);

function kindSpec(kindName: string): Kind<unknown> {
  const spec = Object.hasOwn(kinds, kindName) ? kinds[kindName]! : null;
  if (!spec) throw new DomainError("not_found", "apiKeys.ingest.unknownKind", undefined, { kind: kindName });
  return spec;
}

/** Checks records of one kind without writing: the valid ones (the later of two with one identity) and the failures by index. */
export function validateBatch(kindName: string, records: readonly unknown[]) {
  const spec = kindSpec(kindName);
  return validateRecords(records, spec.schema, spec.identityOf);
}

/** Writes records that validateBatch accepted, inside the caller's transaction and under the caller's source. */
export function writeValidRecords(tx: Tx, scope: SourceScope, kindName: string, valid: ValidRecord<unknown>[]): Promise<WriteOutcome> {
  return kindSpec(kindName).write(tx, scope, valid);
}

/**
 * Validates a batch of one kind and writes its valid records under the org's push API source, in one transaction.
 * Invalid records are reported by index with the path of each problem (message keys); the others are stored.
 * Records are matched by external id, so sending the same batch again changes nothing.
 */
export async function ingestBatch(db: Db, orgId: string, kindName: string, records: readonly unknown[]): Promise<IngestResult> {
  if (records.length > MAX_BATCH_RECORDS) {
    throw new DomainError("invalid", "apiKeys.ingest.tooMany", undefined, { max: MAX_BATCH_RECORDS, count: records.length });
  }
  const { valid, failed } = validateBatch(kindName, records);
  const written = valid.length
    ? await db.transaction(async (tx) => writeValidRecords(tx, { orgId, sourceId: await lockApiSource(tx, orgId) }, kindName, valid))
    : { created: 0, updated: 0, failed: [] };
  const allFailed = [...failed, ...written.failed].sort((a, b) => a.index - b.index);
  return {
    received: records.length,
    created: written.created,
    updated: written.updated,
    unchanged: records.length - allFailed.length - written.created - written.updated,
    failed: allFailed,
  };
}

import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { organizations } from "@/db/schema";
import { lockOwnSource } from "@/server/ingest/api-source";
import { MAX_BATCH_RECORDS, validateBatch, writeValidRecords } from "@/server/ingest/ingest-batch";
import type { RecordFailure } from "@/server/ingest/validate-records";
import { fieldOfPath, type ImportKind } from "./import-fields";
import { parseFile } from "./parse-file";
import { rowNumberOf, rowsToRecords, type ColumnMapping, type RowFailure } from "./rows-to-records";

export type ImportResult = { rows: number; created: number; updated: number; unchanged: number; failed: RowFailure[]; written: boolean };

class RollBack extends Error {}

/**
 * Imports a file of one kind under the org's file import source ("csv"), in one transaction. When any row fails and
 * `skipInvalid` is off, nothing is written and every failed row is reported; with it on, the valid rows are stored.
 * Records are keyed by external id, so importing the same file again changes nothing.
 */
export async function runImport(
  db: Db,
  orgId: string,
  input: { kind: ImportKind; file: Uint8Array; mapping: ColumnMapping; skipInvalid: boolean },
): Promise<ImportResult> {
  const [org] = await db.select({ timeZone: organizations.timeZone }).from(organizations).where(eq(organizations.id, orgId));
  const { rows } = await parseFile(input.file);
  const read = rowsToRecords(input.kind, rows, input.mapping, org?.timeZone ?? "UTC");
  const checked = validateBatch(input.kind, read.records);
  const rowFailures = (failures: RecordFailure[]) =>
    failures.map(({ index, errors }) => ({
      row: rowNumberOf(read.rowIndexes[index]!),
      errors: errors.map((problem) => ({ ...problem, path: problem.path && fieldOfPath(input.kind, problem.path) })),
    }));
  const failed = [...read.failed, ...rowFailures(checked.failed)];
  const result = (counts: { created: number; updated: number }, allFailed: RowFailure[], written: boolean): ImportResult => ({
    rows: rows.length,
    ...counts,
    unchanged: written ? rows.length - allFailed.length - counts.created - counts.updated : 0,
    failed: allFailed.sort((a, b) => a.row - b.row),
    written,
  });
  if (failed.length > 0 && !input.skipInvalid) return result({ created: 0, updated: 0 }, failed, false);

  let outcome = { created: 0, updated: 0, failed: [] as RowFailure[] };
  try {
    await db.transaction(async (tx) => {
      const scope = { orgId, sourceId: await lockOwnSource(tx, orgId, "csv", "File import") };
      for (let start = 0; start < checked.valid.length; start += MAX_BATCH_RECORDS) {
        const written = await writeValidRecords(tx, scope, input.kind, checked.valid.slice(start, start + MAX_BATCH_RECORDS));
        outcome = { created: outcome.created + written.created, updated: outcome.updated + written.updated, failed: [...outcome.failed, ...rowFailures(written.failed)] };
      }
      if (outcome.failed.length > 0 && !input.skipInvalid) throw new RollBack();
    });
  } catch (error) {
    if (!(error instanceof RollBack)) throw error;
    return result({ created: 0, updated: 0 }, [...failed, ...outcome.failed], false);
  }
  return result(outcome, [...failed, ...outcome.failed], true);
}


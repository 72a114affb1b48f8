import type { Tx } from "@/db/client";
import type { RecordFailure, ValidRecord } from "./validate-records";
import type { RowChange, SourceScope } from "./upsert-source-rows";

/** What writing one batch of a kind did: how many records were created and updated, and records refused while writing. */
export type WriteOutcome = { created: number; updated: number; failed: RecordFailure[] };

/** Writes a kind's valid records inside the batch's transaction. */
export type KindWriter<T> = (tx: Tx, scope: SourceScope, records: ValidRecord<T>[]) => Promise<WriteOutcome>;

/** Counts created and updated keys; `alsoUpdated` adds keys changed afterwards (e.g. by a recompute) that were not created. */
export function countChanges(changes: Map<string, RowChange>, alsoUpdated: Iterable<string> = []) {
  const updated = new Set<string>();
  let created = 0;
  for (const [key, change] of changes) {
    if (change === "created") created++;
    else updated.add(key);
  }
  for (const key of alsoUpdated) if (changes.get(key) !== "created") updated.add(key);
  return { created, updated: updated.size };
}

/** Counts rows returned by an upsert with `returning (xmax = 0) as created` (unchanged rows are not returned). */
export function countWritten(rows: unknown): { created: number; updated: number } {
  const flags = (rows as { created: boolean }[]).map((row) => row.created);
  const created = flags.filter(Boolean).length;
  return { created, updated: flags.length - created };
}

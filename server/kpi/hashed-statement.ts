import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";

/**
 * Runs `query` with sorting priced out for its planner (`set local enable_sort = off`, inside a transaction of its
 * own), so that its groupings hash: for statements whose grouped rows the planner cannot estimate and underrates by
 * orders of magnitude, so that it sorts them all for a handful of groups. A team's stage conversions (estimated 1
 * row, 464,000 at a million deals: 735 -> 540 ms) and the open pipeline per rep (86,000 grouped by the owner at the
 * snapshot: 177 -> 134 ms). Sorts the statement cannot do without still run. Given a transaction handle, the setting
 * would last to that transaction's end (a savepoint keeps it): the engine's callers pass the pool.
 */
export async function executeHashed<T extends Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local enable_sort = off`);
    return [...(await tx.execute<T>(query))] as T[];
  });
}

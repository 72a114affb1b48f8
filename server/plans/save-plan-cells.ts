import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { quotas, reps, teams } from "@/db/schema";
import { invalid, notFound } from "@/server/errors";
import { isPlanPeriodStart, type SavePlanCellsInput } from "./plan-input";

/**
 * Saves plan cells of one metric in one transaction: a target upserts the quota of its scope, rep or team and period;
 * null deletes it. Reps and teams are loaded by (orgId, id): one of another organization is not found and nothing is
 * written. A cell must name exactly the id its scope needs and start a month (or quarter).
 */
export async function savePlanCells(db: Db, orgId: string, input: SavePlanCellsInput): Promise<void> {
  const fieldErrors: Record<string, string> = {};
  input.cells.forEach((cell, i) => {
    if ((cell.scope === "rep") !== (cell.repId !== undefined) || (cell.scope === "team") !== (cell.teamId !== undefined)) {
      fieldErrors[`cells.${i}.scope`] = "plans.errors.scope";
    }
    if (!isPlanPeriodStart(input.periodKind, cell.periodStart)) fieldErrors[`cells.${i}.periodStart`] = "plans.errors.periodStart";
  });
  if (Object.keys(fieldErrors).length > 0) throw invalid(fieldErrors);

  await db.transaction(async (tx) => {
    await assertOwned(tx, reps, orgId, input.cells.flatMap((cell) => (cell.scope === "rep" ? [cell.repId!] : [])));
    await assertOwned(tx, teams, orgId, input.cells.flatMap((cell) => (cell.scope === "team" ? [cell.teamId!] : [])));
    for (const cell of input.cells) {
      const key = {
        orgId,
        metric: input.metric,
        scope: cell.scope,
        repId: cell.scope === "rep" ? cell.repId! : null,
        teamId: cell.scope === "team" ? cell.teamId! : null,
        periodKind: input.periodKind,
        periodStart: cell.periodStart,
      };
      if (cell.target === null) {
        await tx.delete(quotas).where(
          and(
            eq(quotas.orgId, orgId),
            eq(quotas.metric, key.metric),
            eq(quotas.scope, key.scope),
            key.repId === null ? isNull(quotas.repId) : eq(quotas.repId, key.repId),
            key.teamId === null ? isNull(quotas.teamId) : eq(quotas.teamId, key.teamId),
            eq(quotas.periodKind, key.periodKind),
            eq(quotas.periodStart, key.periodStart),
          ),
        );
      } else {
        await tx
          .insert(quotas)
          .values({ ...key, target: cell.target })
          .onConflictDoUpdate({
            target: [quotas.orgId, quotas.metric, quotas.scope, quotas.repId, quotas.teamId, quotas.periodKind, quotas.periodStart],
            set: { target: cell.target },
          });
      }
    }
  });
}

/** Throws not found unless every id is a row of this organization. */
async function assertOwned(tx: Tx, table: typeof reps | typeof teams, orgId: string, ids: number[]) {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return;
  const found = await tx.select({ id: table.id }).from(table).where(and(eq(table.orgId, orgId), inArray(table.id, unique)));
  if (found.length !== unique.length) throw notFound();
}

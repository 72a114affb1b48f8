import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { reps, type CustomMetric } from "@/db/schema";
import { invalid, notFound } from "@/server/errors";
import type { CustomMetricValueInput } from "./custom-metric-input";
import { isPeriodStart } from "./value-grid";

/**
 * Saves entered values of one metric in one transaction: a number upserts the value of its rep (or the org) and
 * period, null deletes it. Every period must start a period of the metric's granularity; a rep of another
 * organization is not found. Nothing is written when any cell is refused.
 */
export async function saveCustomMetricValues(db: Db, orgId: string, metric: CustomMetric, weekStart: number, cells: CustomMetricValueInput[]): Promise<void> {
  const fieldErrors: Record<string, string> = {};
  cells.forEach((cell, i) => {
    if (!isPeriodStart(metric.granularity, cell.periodStart, weekStart)) fieldErrors[`cells.${i}.periodStart`] = `customMetrics.errors.periodStart.${metric.granularity}`;
  });
  if (Object.keys(fieldErrors).length > 0) throw invalid(fieldErrors);

  await db.transaction(async (tx) => {
    const repIds = [...new Set(cells.flatMap((cell) => (cell.repId === null ? [] : [cell.repId])))];
    if (repIds.length > 0) {
      const found = await tx.select({ id: reps.id }).from(reps).where(and(eq(reps.orgId, orgId), inArray(reps.id, repIds)));
      if (found.length !== repIds.length) throw notFound();
    }
    for (const cell of cells) {
      if (cell.value === null) {
        await tx.execute(sql`
          delete from custom_metric_values where org_id = ${orgId} and metric_id = ${metric.id}
            and coalesce(rep_id, 0) = ${cell.repId ?? 0} and period_start = ${cell.periodStart}::date`);
      } else {
        await tx.execute(sql`
          insert into custom_metric_values (org_id, metric_id, rep_id, period_start, value)
          values (${orgId}, ${metric.id}, ${cell.repId}, ${cell.periodStart}::date, ${cell.value})
          on conflict (org_id, metric_id, coalesce(rep_id, 0), period_start)
          do update set value = excluded.value, updated_at = now()`);
      }
    }
  });
}

import { and, eq, inArray, sql } from "drizzle-orm";
import { customMetrics, organizations, reps } from "@/db/schema";
import { unnestColumns } from "@/db/seed/bulk-upsert";
import { isPeriodStart } from "@/server/custom-metrics/value-grid";
import { findIds } from "./dimensions";
import { countWritten, type KindWriter } from "./kind-writer";
import type { CustomMetricValueRecord } from "./schemas/custom-metric-values";
import type { FieldProblem, RecordFailure } from "./validate-records";

/**
 * Values keyed by (metric, rep or org, period). A metric the org has not defined, a rep the source does not know
 * or a period that does not start one of the metric's periods (month, the org's week, day) is refused.
 */
export const writeCustomMetricValues: KindWriter<CustomMetricValueRecord> = async (tx, scope, records) => {
  const keys = [...new Set(records.map((r) => r.record.metric))];
  const repExternalIds = [...new Set(records.flatMap((r) => (r.record.repExternalId ? [r.record.repExternalId] : [])))];
  const [metricRows, repIds, [org]] = await Promise.all([
    tx.select().from(customMetrics).where(and(eq(customMetrics.orgId, scope.orgId), inArray(customMetrics.key, keys))),
    findIds(tx, scope, reps, repExternalIds),
    tx.select({ weekStart: organizations.weekStart }).from(organizations).where(eq(organizations.id, scope.orgId)),
  ]);
  const metrics = new Map(metricRows.map((metric) => [metric.key, metric]));
  const failed: RecordFailure[] = [];
  const accepted = records.filter(({ index, record }) => {
    const metric = metrics.get(record.metric);
    const errors: FieldProblem[] = [];
    if (!metric) errors.push({ path: "metric", message: "apiKeys.record.unknownMetric" });
    else if (!isPeriodStart(metric.granularity, record.periodStart, org!.weekStart)) errors.push({ path: "periodStart", message: `customMetrics.errors.periodStart.${metric.granularity}` });
    if (record.repExternalId && !repIds.has(record.repExternalId)) errors.push({ path: "repExternalId", message: "apiKeys.record.unknownRep" });
    if (errors.length) failed.push({ index, externalId: null, errors });
    return errors.length === 0;
  });
  if (accepted.length === 0) return { created: 0, updated: 0, failed };
  const rows = accepted.map((r) => r.record);
  const written = await tx.execute(sql`
    insert into custom_metric_values (org_id, metric_id, rep_id, period_start, value)
    select ${scope.orgId}::uuid, t.metric_id, t.rep_id, t.period_start, t.value
    from ${unnestColumns([
      ["metric_id", "int8", rows.map((r) => metrics.get(r.metric)!.id)],
      ["rep_id", "int8", rows.map((r) => (r.repExternalId ? repIds.get(r.repExternalId)! : null))],
      ["period_start", "date", rows.map((r) => r.periodStart)],
      ["value", "numeric", rows.map((r) => r.value)],
    ])}
    on conflict (org_id, metric_id, coalesce(rep_id, 0), period_start) do update set value = excluded.value, updated_at = now()
      where custom_metric_values.value is distinct from excluded.value
    returning (xmax = 0) as created`);
  return { ...countWritten(written), failed };
};

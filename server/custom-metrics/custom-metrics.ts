import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { customMetrics, type CustomMetric } from "@/db/schema";
import { conflict, notFound } from "@/server/errors";
import { customMetricKey, type CustomMetricFields } from "./custom-metric-input";

export function listCustomMetrics(db: Db, orgId: string): Promise<CustomMetric[]> {
  return db.select().from(customMetrics).where(eq(customMetrics.orgId, orgId)).orderBy(asc(customMetrics.name), asc(customMetrics.id));
}

export async function getCustomMetric(db: Db, orgId: string, metricId: number): Promise<CustomMetric> {
  const [metric] = await db.select().from(customMetrics).where(and(eq(customMetrics.orgId, orgId), eq(customMetrics.id, metricId)));
  if (!metric) throw notFound("customMetrics.errors.notFound");
  return metric;
}

/**
 * Creates a metric; its key (`custom.<slug of the name>`) is fixed from then on, so dashboards, plans and API
 * clients keep working when it is renamed. Two metrics whose names slug alike are refused.
 */
export async function createCustomMetric(db: Db, orgId: string, fields: CustomMetricFields): Promise<CustomMetric> {
  const key = customMetricKey(fields.name);
  const [created] = await db.insert(customMetrics).values({ orgId, key, ...fields }).onConflictDoNothing().returning();
  if (!created) throw conflict("customMetrics.errors.duplicate", { name: "customMetrics.errors.duplicate" });
  return created;
}

/** Renames or re-describes a metric; its key and its values stay. */
export async function updateCustomMetric(db: Db, orgId: string, metricId: number, fields: CustomMetricFields): Promise<CustomMetric> {
  const [updated] = await db
    .update(customMetrics)
    .set(fields)
    .where(and(eq(customMetrics.orgId, orgId), eq(customMetrics.id, metricId)))
    .returning();
  if (!updated) throw notFound("customMetrics.errors.notFound");
  return updated;
}

/** Deletes a metric with its values. */
export async function deleteCustomMetric(db: Db, orgId: string, metricId: number): Promise<void> {
  const deleted = await db
    .delete(customMetrics)
    .where(and(eq(customMetrics.orgId, orgId), eq(customMetrics.id, metricId)))
    .returning({ id: customMetrics.id });
  if (deleted.length === 0) throw notFound("customMetrics.errors.notFound");
}

import type { Db } from "@/db/client";
import { notFound } from "@/server/errors";
import { listCustomMetrics } from "@/server/custom-metrics/custom-metrics";
import { isCatalogPlanMetric, planMetrics, type PlanMetric } from "./plan-input";

/** A metric a plan can be set for: a catalog id (named by the client's messages) or a custom metric with its own name. */
export type PlanMetricOption = { metric: PlanMetric; customName?: string; money: boolean };

/** The catalog's plan metrics, then the org's custom metrics. */
export async function planMetricOptions(db: Db, orgId: string): Promise<PlanMetricOption[]> {
  const custom = await listCustomMetrics(db, orgId);
  return [
    ...planMetrics.map((metric) => ({ metric, money: metric === "revenue_won" })),
    ...custom.map((metric) => ({ metric: metric.key, customName: metric.name, money: metric.unit === "money" })),
  ];
}

/** The option of a metric the org can plan; a custom key the org does not have is not found. */
export async function planMetricOption(db: Db, orgId: string, metric: PlanMetric): Promise<PlanMetricOption> {
  if (isCatalogPlanMetric(metric)) return { metric, money: metric === "revenue_won" };
  const option = (await planMetricOptions(db, orgId)).find((candidate) => candidate.metric === metric);
  if (!option) throw notFound("customMetrics.errors.notFound");
  return option;
}

import type { MetricDefinition } from "../types";
import { activityMetrics } from "./activity";
import { conversionMetrics } from "./conversions";
import { moneyMetrics } from "./money";
import { customerMetrics, marketingGroup, plannedTimeMetrics } from "./planned-groups";
import { planMetrics } from "./plans";
import { timeMetrics } from "./time";
import { volumeMetrics } from "./volume";

/** Every metric of kpi-catalog.md, in its order; the ones not computed yet say "planned". */
export const metricCatalog: readonly MetricDefinition[] = [
  ...volumeMetrics,
  ...conversionMetrics,
  ...moneyMetrics,
  ...planMetrics,
  ...timeMetrics,
  ...plannedTimeMetrics,
  ...activityMetrics,
  ...marketingGroup,
  ...customerMetrics,
];

export const metricIds = metricCatalog.map((metric) => metric.id);

const byId = new Map(metricCatalog.map((metric) => [metric.id, metric]));

export function metricDefinition(id: string): MetricDefinition | undefined {
  return byId.get(id);
}

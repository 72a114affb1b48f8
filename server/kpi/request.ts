import { z } from "zod";
import { ZPeriodInput } from "@/lib/periods";
import { customMetricKeyPattern } from "@/server/custom-metrics/custom-metric-input";
import { metricIds } from "./catalog";

export const breakdowns = ["rep", "team", "pipeline", "channel", "day", "week", "month", "quarter"] as const;
export type Breakdown = (typeof breakdowns)[number];
export const comparisons = ["previous_period", "year_ago"] as const;
export type Comparison = (typeof comparisons)[number];

const ids = z.array(z.number().int().positive()).max(500).optional();

export const ZMetricFilters = z.object({ repIds: ids, teamIds: ids, pipelineIds: ids, channelIds: ids });
export type MetricFilters = z.output<typeof ZMetricFilters>;

/** What computeMetrics takes: metric ids × period × filters × breakdown × comparison. */
export const ZMetricRequest = z.object({
  metrics: z.array(z.string().min(1).max(64)).min(1).max(100),
  period: ZPeriodInput,
  filters: ZMetricFilters.optional(),
  breakdown: z.enum(breakdowns).optional(),
  comparison: z.enum(comparisons).optional(),
  /** The metric plan_* metrics measure against its quotas (quotas.metric): a catalog id or `custom.<key>`; default revenue_won. */
  planMetric: z.string().min(1).max(64).optional(),
});
export type MetricRequest = z.output<typeof ZMetricRequest>;

export const DEFAULT_PLAN_METRIC = "revenue_won";

export const isCustomMetricId = (id: string) => customMetricKeyPattern.test(id);

/** A catalog id or a custom metric's `custom.<key>` (whether the org has that custom metric is checked when computing). */
const ZKnownMetricId = z.string("errors.field.invalid").refine((id) => metricIds.includes(id) || isCustomMetricId(id), "errors.field.invalid");

/** A request naming only catalog and custom metrics: what the UI and the REST API accept. */
export const ZKnownMetricRequest = ZMetricRequest.extend({
  metrics: z.array(ZKnownMetricId).min(1, "errors.field.required").max(100, "errors.field.tooLong"),
  planMetric: ZKnownMetricId.optional(),
});

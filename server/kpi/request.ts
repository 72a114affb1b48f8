import { z } from "zod";
import { ZPeriodInput } from "@/lib/periods";
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
});
export type MetricRequest = z.output<typeof ZMetricRequest>;

/** A request naming only catalog metrics: what the UI and the REST API accept. */
export const ZKnownMetricRequest = ZMetricRequest.extend({
  metrics: z.array(z.enum(metricIds as [string, ...string[]], "errors.field.invalid")).min(1, "errors.field.required").max(100, "errors.field.tooLong"),
});

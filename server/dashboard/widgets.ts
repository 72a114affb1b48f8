import { z } from "zod";
import { metricDefinition } from "@/server/kpi/catalog";
import { isCustomMetricId, type Breakdown } from "@/server/kpi/request";

export const widgetTypes = [
  "tile",
  "line",
  "bar",
  "funnel",
  "table",
  "plan_fact",
  "stage_durations",
  "deals_by_stage",
  "stale_deals",
  "abc",
] as const;
export type WidgetType = (typeof widgetTypes)[number];

/** What a widget splits its metrics by: the engine's breakdowns, plus pipeline stage. */
export const widgetBreakdowns = ["rep", "team", "pipeline", "channel", "stage", "day", "week", "month", "quarter"] as const;
export type WidgetBreakdown = (typeof widgetBreakdowns)[number];

export const MAX_WIDGETS = 30;

const ZMetricId = z
  .string("dashboard.editor.errors.unknownMetric")
  .max(64, "dashboard.editor.errors.unknownMetric")
  // A custom metric's key is checked against the org's custom metrics when saving (store.ts).
  .refine((id) => metricDefinition(id) !== undefined || isCustomMetricId(id), "dashboard.editor.errors.unknownMetric");

export const ZWidget = z.object({
  /** Stable within a dashboard: keys the widget while it is reordered. */
  id: z.string().regex(/^[\w-]{1,40}$/, "errors.field.invalid"),
  type: z.enum(widgetTypes, "errors.field.invalid"),
  metrics: z.array(ZMetricId).min(1, "errors.field.required").max(8, "errors.field.tooLong"),
  breakdown: z.enum(widgetBreakdowns, "errors.field.invalid").optional(),
  title: z.string().trim().max(80, "errors.field.tooLong").optional(),
});
export type Widget = z.output<typeof ZWidget>;

export const ZWidgets = z
  .array(ZWidget)
  .max(MAX_WIDGETS, "errors.field.tooLong")
  .refine((widgets) => new Set(widgets.map((w) => w.id)).size === widgets.length, "errors.field.invalid");

/** Metrics the engine answers per pipeline stage (in the result's `stages`), the only ones a widget can split by stage. */
const isPerStage = (id: string) => {
  const definition = metricDefinition(id);
  return definition?.status === "computed" && definition.source.base === "stages";
};

/**
 * The breakdown the KPI engine computes a widget's metrics with: per-stage metrics come split by stage without
 * one; null when the engine cannot split the widget's metrics that way.
 */
export function engineBreakdown(widget: Widget): Breakdown | undefined | null {
  if (widget.breakdown === "stage") return widget.metrics.some(isPerStage) ? undefined : null;
  return widget.breakdown;
}

/** Widget types drawn from the time buckets of their breakdown, so they read over a longer span than one period. */
export const isTimeSeries = (widget: Widget) => widget.type === "line";

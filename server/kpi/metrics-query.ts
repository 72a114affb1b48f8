import { invalid } from "@/server/errors";
import { ZKnownMetricRequest, type MetricRequest } from "./request";

const list = (value: string | null) => (value ? value.split(",").map((part) => part.trim()).filter(Boolean) : undefined);
const idList = (value: string | null) => list(value)?.map(Number);

/** Message keys pass through; zod's own English messages become a generic key so every answer is translatable. */
const messageKey = (message: string) => (/^(errors|dashboard)\.[\w.]+$/.test(message) ? message : "errors.field.invalid");

/**
 * A metrics request from URL query parameters (the REST read API):
 * metrics=a,b · period=this_month|last_month|this_quarter|custom · from, to=YYYY-MM-DD (custom; `to` inclusive) ·
 * breakdown · comparison · rep, team, pipeline, channel = comma-separated ids · plan_metric (the metric plan_* metrics
 * measure; revenue_won by default). Metric ids may be `custom.<key>`. Invalid → field errors, by parameter.
 */
export function parseMetricsQuery(params: URLSearchParams): MetricRequest {
  const filters = { repIds: idList(params.get("rep")), teamIds: idList(params.get("team")), pipelineIds: idList(params.get("pipeline")), channelIds: idList(params.get("channel")) };
  const parsed = ZKnownMetricRequest.safeParse({
    metrics: list(params.get("metrics")) ?? [],
    period: { period: params.get("period") ?? undefined, from: params.get("from") ?? undefined, to: params.get("to") ?? undefined },
    filters,
    breakdown: params.get("breakdown") ?? undefined,
    comparison: params.get("comparison") ?? undefined,
    planMetric: params.get("plan_metric") ?? undefined,
  });
  if (parsed.success) return parsed.data;
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    // Report by query parameter: period.to → to, filters.repIds.0 → rep, metrics.1 → metrics.
    const [head, second] = issue.path.map(String);
    const parameter = head === "period" ? (second ?? "period") : head === "filters" ? (second ?? "").replace(/Ids$/, "") : head === "planMetric" ? "plan_metric" : (head ?? "query");
    fields[parameter] ??= messageKey(issue.message);
  }
  throw invalid(fields);
}

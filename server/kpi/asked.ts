import { invalid } from "@/server/errors";
import { metricDefinition } from "./catalog";
import { fromBases, type BaseComputed, type Computed } from "./compute-bases";
import type { MetricQuery } from "./compute";
import { DEFAULT_PLAN_METRIC, isCustomMetricId } from "./request";
import type { DataNeed, MetricDefinition } from "./types";

/** What a request asks of the engine, whatever the org. */
export type Asked = {
  definitions: Map<string, MetricDefinition>;
  planKinds: Set<string>;
  planMetric: string;
  customKeys: string[];
  /** What the shared bases compute: the requested metrics, and the actuals the plan metrics measure. */
  baseDefinitions: BaseComputed[];
  velocityMeasures: Set<string>;
  wantsGrowth: boolean;
  customerMeasures: Set<string>;
  ltvMeasures: Set<string>;
  wantsByChannel: boolean;
  stageMeasures: Set<string>;
  needs: DataNeed[];
};

export function askedBy(request: MetricQuery): Asked {
  const definitions = new Map<string, MetricDefinition>();
  for (const id of request.metrics) {
    if (isCustomMetricId(id)) continue;
    const definition = metricDefinition(id);
    if (!definition) throw invalid({ metrics: "kpi.errors.unknownMetric" });
    definitions.set(id, definition);
  }
  const computed = [...definitions.values()].filter((d): d is Computed => d.status === "computed");
  const measuresOf = (base: Computed["source"]["base"]) =>
    new Set(computed.flatMap((d) => (d.source.base === base && "measure" in d.source ? [d.source.measure as string] : [])));
  const planKinds = measuresOf("plan");
  const planMetric = request.planMetric ?? DEFAULT_PLAN_METRIC;
  const planDefinition = planKinds.size > 0 ? planMetricDefinition(planMetric) : undefined;
  const customKeys = [...new Set([...request.metrics.filter(isCustomMetricId), ...(planKinds.size > 0 && isCustomMetricId(planMetric) ? [planMetric] : [])])];

  const baseDefinitions = new Map([...definitions].filter(([, d]) => fromBases(d)) as [string, BaseComputed][]);
  if (planDefinition && fromBases(planDefinition)) baseDefinitions.set(planMetric, planDefinition);
  const revenueDefinition = metricDefinition(DEFAULT_PLAN_METRIC) as BaseComputed;
  if (planKinds.has("coverage")) baseDefinitions.set(DEFAULT_PLAN_METRIC, revenueDefinition);
  const velocityMeasures = measuresOf("velocity");
  if (velocityMeasures.has("forecast")) baseDefinitions.set(DEFAULT_PLAN_METRIC, revenueDefinition);
  const customerMeasures = measuresOf("customers");
  const ltvMeasures = measuresOf("ltv");
  if (ltvMeasures.has("ltv_cac")) customerMeasures.add("cac");
  const needs = new Set([...definitions.values()].flatMap((d) => d.needs));
  // pipeline_coverage counts every open qualified deal where the CRM gives no expected close dates at all.
  if (planKinds.has("coverage")) needs.add("expected_close_dates");
  return {
    definitions,
    planKinds,
    planMetric,
    customKeys,
    baseDefinitions: [...baseDefinitions.values()],
    velocityMeasures,
    wantsGrowth: computed.some((d) => d.source.base === "growth"),
    customerMeasures,
    ltvMeasures,
    wantsByChannel: computed.some((d) => d.source.base === "by_channel"),
    stageMeasures: measuresOf("stages"),
    needs: [...needs],
  };
}

/** Bases computed for a set of orgs in one statement each; every other base computes for one org at a time. */
const basesForSeveralOrgs: readonly string[] = ["events", "cohort", "plan"];

/** What cannot be computed for several orgs at once: custom metrics and metrics of one-org bases. */
function oneOrgOnly(asked: Asked): string[] {
  const oneOrg = [
    ...asked.customKeys,
    ...[...asked.definitions, ...asked.baseDefinitions.map((d): [string, MetricDefinition] => [d.id, d])]
      .filter(([, d]) => d.status === "computed" && !basesForSeveralOrgs.includes(d.source.base))
      .map(([id]) => id),
  ];
  return [...new Set(oneOrg)];
}

export function refuseForSeveralOrgs(asked: Asked) {
  const oneOrg = oneOrgOnly(asked);
  if (oneOrg.length > 0) throw new Error(`computeMetricsForOrgs: ${oneOrg.join(", ")} compute for one org at a time`);
}

/** A catalog metric computeMetricsForOrgs computes for a set of orgs (the others go one org at a time). */
export const computesForSeveralOrgs = (metricId: string): boolean =>
  !isCustomMetricId(metricId) && metricDefinition(metricId) !== undefined && oneOrgOnly(askedBy({ metrics: [metricId] })).length === 0;

/** The metric plans measure: a computed catalog metric that is not itself a plan metric, or a custom metric. */
function planMetricDefinition(id: string): BaseComputed | undefined {
  if (isCustomMetricId(id)) return undefined;
  const definition = metricDefinition(id);
  if (!definition || !fromBases(definition)) throw invalid({ planMetric: "kpi.errors.unknownPlanMetric" });
  return definition;
}

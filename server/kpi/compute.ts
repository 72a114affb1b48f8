import type { Db } from "@/db/client";
import { resolvePeriod, type ZonedRange } from "@/lib/periods";
import type { LocalDate } from "@/lib/zoned-time";
import { invalid } from "@/server/errors";
import { metricDefinition } from "./catalog";
import { loadCohortStats, loadEventStats, loadMarketingStats, loadSnapshotStats, type PeriodStats, type StatsByPeriod } from "./load-stats";
import { loadOrgSettings, type OrgSettings } from "./org-settings";
import { cohortMaturing, comparisonRange, isTimeBucket, precedingRange, timeBuckets } from "./periods";
import { changeBetween, ratioOrNull } from "./ratios";
import { computeCustomMetrics, loadCustomMetrics } from "./custom-metrics";
import { hasExpectedCloseDates, loadCoverage, loadTargets, planResult, type PlanInputsForCompute } from "./plans";
import { computeStageMetrics } from "./stages";
import { computeCustomerMetrics } from "./customers";
import { computeLtv } from "./ltv";
import { loadVelocityInputs, velocityResult } from "./velocity";
import { DEFAULT_PLAN_METRIC, isCustomMetricId, type MetricRequest } from "./request";
import { loadWorkCalendar } from "./working-days";
import { emptyCohortStats, emptyEventStats, emptySnapshotStats, toPoint, type EventStatsByKind, type MetricPoint, type MetricResult } from "./results";
import { dataPresenceQuery } from "./sql/data-presence";
import type { CohortStats, DataNeed, EventKind, MarketingStats, MetricDefinition, MetricValue, SnapshotStats } from "./types";

type Computed = Extract<MetricDefinition, { status: "computed" }>;
/** Metrics computed from the shared events, cohort and snapshot bases. */
type BaseComputed = Computed & { source: { base: "events" | "cohort" | "snapshot" | "marketing" } };
const sharedBases = ["events", "cohort", "snapshot", "marketing"];
const fromBases = (d: MetricDefinition): d is BaseComputed => d.status === "computed" && sharedBases.includes(d.source.base);

export type MetricsResponse = {
  currency: string;
  timeZone: string;
  period: { from: LocalDate; to: LocalDate };
  comparisonPeriod?: { from: LocalDate; to: LocalDate };
  metrics: MetricResult[];
};

const CURRENT = "current";
const COMPARISON = "comparison";

type Bases = {
  events?: StatsByPeriod<EventStatsByKind>;
  cohorts?: StatsByPeriod<CohortStats>;
  snapshots?: StatsByPeriod<SnapshotStats>;
  marketing?: StatsByPeriod<MarketingStats>;
};

/** A computed metric's value for one period (`label`) and, if given, one breakdown group, from its base's stats. */
function evaluate(definition: BaseComputed, org: OrgSettings, bases: Bases, label: string, group?: string): MetricValue {
  const pick = <T>(stats: StatsByPeriod<T> | undefined): T | undefined => {
    const periodStats: PeriodStats<T> | undefined = stats?.get(label);
    return group === undefined ? periodStats?.total : periodStats?.groups.get(group);
  };
  const { source } = definition;
  switch (source.base) {
    case "cohort":
      return source.compute(pick(bases.cohorts) ?? emptyCohortStats());
    case "snapshot":
      return source.compute(pick(bases.snapshots) ?? emptySnapshotStats());
    case "events": {
      const byKind = pick(bases.events);
      return source.compute((kind) => byKind?.get(kind) ?? emptyEventStats(), org);
    }
    case "marketing": {
      // Spend is known per channel and day only: a rep, team or pipeline filter leaves no spend to divide.
      if (!bases.marketing) return { value: null };
      const byKind = pick(bases.events);
      return source.compute((kind) => byKind?.get(kind) ?? emptyEventStats(), pick(bases.marketing) ?? { spend: 0, sessions: 0 }, org);
    }
  }
}

/**
 * The breakdown groups a metric lists: every time bucket of the period (none for snapshots), or the reps, teams,
 * pipelines or channels with rows in the metric's own base (for event metrics: events of its kinds).
 */
function breakdownKeys(definition: BaseComputed, org: OrgSettings, request: MetricQuery, period: ZonedRange, bases: Bases): string[] | undefined {
  const { source } = definition;
  if (isTimeBucket(request.breakdown)) {
    return source.base === "snapshot" ? undefined : timeBuckets(period.from, period.to, request.breakdown, org.weekStart);
  }
  if (source.base === "cohort") return [...(bases.cohorts?.get(CURRENT)?.groups.keys() ?? [])].sort();
  if (source.base === "snapshot") return [...(bases.snapshots?.get(CURRENT)?.groups.keys() ?? [])].sort();
  if (source.base === "marketing" && (request.breakdown !== "channel" || !bases.marketing)) return undefined;
  const kinds = source.kinds(org);
  const groups = bases.events?.get(CURRENT)?.groups ?? new Map<string, EventStatsByKind>();
  const keys = [...groups].filter(([, byKind]) => kinds.some((kind) => byKind.has(kind))).map(([key]) => key);
  if (source.base === "marketing") keys.push(...(bases.marketing?.get(CURRENT)?.groups.keys() ?? []));
  return [...new Set(keys)].sort();
}

/** What to compute over periods already resolved: the request without its period and comparison names. */
export type MetricQuery = Pick<MetricRequest, "metrics" | "filters" | "breakdown" | "planMetric">;

/**
 * Computes the requested catalog metrics for the period (in the org's time zone, as of `now`), with the
 * comparison period, filters and breakdown.
 */
export async function computeMetrics(db: Db, orgId: string, request: MetricRequest, now: Date): Promise<MetricsResponse> {
  const org = await loadOrgSettings(db, orgId);
  const period = resolvePeriod(request.period, org.timeZone, now);
  const comparison = request.comparison ? comparisonRange(period, request.comparison) : undefined;
  return computeMetricsFor(db, org, { current: period.current, comparison }, request, now);
}

type Periods = { current: ZonedRange; comparison?: ZonedRange };

/**
 * computeMetrics for an org and periods the caller has already resolved. Shared bases run once for all
 * metrics: one events, one cohort, one snapshot and one data-presence query at most, in parallel; custom
 * metrics, plan targets and the pipeline for coverage beside them.
 */
export async function computeMetricsFor(db: Db, org: OrgSettings, periods: Periods, request: MetricQuery, now: Date): Promise<MetricsResponse> {
  const definitions = new Map<string, MetricDefinition>();
  for (const id of request.metrics) {
    if (isCustomMetricId(id)) continue;
    const definition = metricDefinition(id);
    if (!definition) throw invalid({ metrics: "kpi.errors.unknownMetric" });
    definitions.set(id, definition);
  }
  const planKinds = new Set([...definitions.values()].flatMap((d) => (d.status === "computed" && d.source.base === "plan" ? [d.source.measure] : [])));
  const planMetric = request.planMetric ?? DEFAULT_PLAN_METRIC;
  const planDefinition = planKinds.size > 0 ? planMetricDefinition(planMetric) : undefined;
  const customKeys = [...new Set([...request.metrics.filter(isCustomMetricId), ...(planKinds.size > 0 && isCustomMetricId(planMetric) ? [planMetric] : [])])];

  // What the shared bases compute: the requested metrics, and the actuals the plan metrics measure.
  const baseDefinitions = new Map([...definitions].filter(([, d]) => fromBases(d)) as [string, BaseComputed][]);
  if (planDefinition && fromBases(planDefinition)) baseDefinitions.set(planMetric, planDefinition);
  const revenueDefinition = metricDefinition(DEFAULT_PLAN_METRIC) as BaseComputed;
  if (planKinds.has("coverage")) baseDefinitions.set(DEFAULT_PLAN_METRIC, revenueDefinition);

  const velocityMeasures = new Set([...definitions.values()].flatMap((d) => (d.status === "computed" && d.source.base === "velocity" ? [d.source.measure] : [])));
  if (velocityMeasures.has("forecast")) baseDefinitions.set(DEFAULT_PLAN_METRIC, revenueDefinition);
  const wantsGrowth = [...definitions.values()].some((d) => d.status === "computed" && d.source.base === "growth");
  const recurse = (inner: Periods, query: MetricQuery) => computeMetricsFor(db, org, inner, query, now);
  const customerMeasures = new Set([...definitions.values()].flatMap((d) => (d.status === "computed" && d.source.base === "customers" ? [d.source.measure] : [])));
  const ltvMeasures = new Set([...definitions.values()].flatMap((d) => (d.status === "computed" && d.source.base === "ltv" ? [d.source.measure] : [])));
  if (ltvMeasures.has("ltv_cac")) customerMeasures.add("cac");
  const wantsByChannel = [...definitions.values()].some((d) => d.status === "computed" && d.source.base === "by_channel");
  const stageMeasures = new Set([...definitions.values()].flatMap((d) => (d.status === "computed" && d.source.base === "stages" ? [d.source.measure] : [])));

  const customs = await loadCustomMetrics(db, org.id, customKeys);
  const [baseResults, customResults, presence, plan, stageResults, velocity, growth, customerResults, byChannel, ltv] = await Promise.all([
    computeFromBases(db, org, periods, request, [...baseDefinitions.values()], now),
    computeCustomMetrics(db, org, periods, request, [...customs.values()]),
    db.execute<Record<DataNeed, boolean>>(dataPresenceQuery(org.id, [...new Set([...definitions.values()].flatMap((d) => d.needs))])).then((rows) => rows[0]!),
    planKinds.size > 0 ? loadPlanInputs(db, org, periods, request, planMetric, planKinds, now) : undefined,
    stageMeasures.size > 0 ? computeStageMetrics(db, org, periods, request, stageMeasures, now) : undefined,
    velocityMeasures.size > 0 ? loadVelocityInputs(db, org, periods.current, request, now, recurse) : undefined,
    wantsGrowth ? revenueGrowth(org, periods, request, recurse) : undefined,
    customerMeasures.size > 0 ? computeCustomerMetrics(db, org, periods, request, customerMeasures, now) : undefined,
    wantsByChannel ? dealsByChannel(periods, request, recurse) : undefined,
    ltvMeasures.size > 0 ? computeLtv(db, org, periods.current, now) : undefined,
  ]);
  const resultOf = (id: string) => baseResults.get(id) ?? customResults.get(id);

  const metrics = request.metrics.map((id): MetricResult => {
    const definition = definitions.get(id);
    if (!definition) return customResults.get(id)!;
    const { unit, durationIn, direction, status } = definition;
    const base = { id, unit, ...(durationIn ? { durationIn } : {}), direction, status };
    const needsData = definition.needs.filter((need) => !presence[need]);
    if (definition.status === "planned" || needsData.length > 0) {
      return { ...base, value: null, flags: { noValue: false, needsData } };
    }
    if (definition.source.base === "stages") return { ...base, ...stageResults!.get(definition.source.measure)! };
    if (definition.source.base === "growth") return { ...base, ...growth! };
    if (definition.source.base === "customers") return { ...base, ...customerResults!.get(definition.source.measure)! };
    if (definition.source.base === "by_channel") return { ...base, ...byChannel! };
    if (definition.source.base === "ltv") {
      if (definition.source.measure === "ltv" || ltv!.value === null) return { ...base, ...ltv! };
      const cac = customerResults!.get("cac")!.value;
      const value = ratioOrNull(ltv!.value, cac);
      return { ...base, value, inputs: { numerator: ltv!.value, denominator: cac }, method: ltv!.method, flags: { noValue: value === null, needsData: [] } };
    }
    if (definition.source.base === "velocity") {
      return { ...base, ...velocityResult(definition.source.measure, velocity!, periods.current, baseResults.get(DEFAULT_PLAN_METRIC), request.breakdown, now) };
    }
    if (definition.source.base !== "plan") return { ...baseResults.get(id)!, ...base };
    const actual = resultOf(planMetric)!;
    const measure = definition.source.measure;
    const unitFollowsPlan = measure === "remaining" || measure === "run_rate";
    const context: PlanInputsForCompute = {
      ...plan!,
      org,
      periods,
      request,
      now,
      actual,
      additive: isAdditive(actual.unit, customs.get(planMetric)?.aggregation),
      coverage: plan!.coverage && { ...plan!.coverage, revenue: baseResults.get(DEFAULT_PLAN_METRIC)! },
    };
    return {
      ...base,
      ...(unitFollowsPlan ? { unit: actual.unit, ...(actual.durationIn ? { durationIn: actual.durationIn } : {}) } : {}),
      ...(measure === "coverage" ? {} : { planMetric }),
      ...planResult(measure, context),
    };
  });

  const dates = ({ from, to }: ZonedRange) => ({ from, to });
  return {
    currency: org.currency,
    timeZone: org.timeZone,
    period: dates(periods.current),
    ...(periods.comparison ? { comparisonPeriod: dates(periods.comparison) } : {}),
    metrics,
  };
}

/** deals_by_channel: won deals per acquisition channel (the request's breakdown when it asks for one), with revenue. */
async function dealsByChannel(
  periods: Periods,
  request: MetricQuery,
  recurse: (inner: Periods, query: MetricQuery) => Promise<MetricsResponse>,
): Promise<Pick<MetricResult, "value" | "amount" | "comparison" | "breakdown" | "flags" | "excluded">> {
  const { metrics } = await recurse(periods, { metrics: ["deals_won", "revenue_won"], filters: request.filters, breakdown: request.breakdown ?? "channel" });
  const [won, revenue] = metrics as [MetricResult, MetricResult];
  return {
    value: won.value,
    amount: revenue.value ?? 0,
    ...(revenue.excluded ? { excluded: revenue.excluded } : {}),
    ...(won.comparison ? { comparison: { ...won.comparison, amount: revenue.comparison?.value ?? 0 } } : {}),
    breakdown: (won.breakdown ?? []).map((row) => ({ ...row, amount: revenue.breakdown?.find((r) => r.key === row.key)?.value ?? 0 })),
    flags: { noValue: false, needsData: [] },
  };
}

/**
 * revenue_growth: (revenue won in the period − in the period just before) ÷ the one before (month over month for a
 * month). By rep, team, pipeline or channel: each group against itself; by time bucket: each bucket against the one
 * before it.
 */
async function revenueGrowth(
  org: OrgSettings,
  periods: Periods,
  request: MetricQuery,
  recurse: (inner: Periods, query: MetricQuery) => Promise<MetricsResponse>,
): Promise<Pick<MetricResult, "value" | "inputs" | "comparison" | "breakdown" | "flags">> {
  const query = { metrics: [DEFAULT_PLAN_METRIC], filters: request.filters, breakdown: request.breakdown };
  const growthOf = async (range: ZonedRange) => {
    const [current, before] = await Promise.all([
      recurse({ current: range }, query).then((r) => r.metrics[0]!),
      recurse({ current: precedingRange(range, org.timeZone) }, query).then((r) => r.metrics[0]!),
    ]);
    const point = (now: number | null, previous: number | null): MetricPoint => ({
      value: changeBetween(now, previous).percent,
      inputs: { numerator: now === null || previous === null ? null : now - previous, denominator: previous },
    });
    const valueIn = (result: MetricResult, key: string) => result.breakdown?.find((row) => row.key === key)?.value ?? 0;
    const rows = isTimeBucket(request.breakdown)
      ? current.breakdown?.map((row, i, all) => ({ key: row.key, ...point(row.value, i > 0 ? all[i - 1]!.value : (before.breakdown?.at(-1)?.value ?? null)) }))
      : current.breakdown &&
        [...new Set([...current.breakdown, ...(before.breakdown ?? [])].map((row) => row.key))]
          .sort()
          .map((key) => ({ key, ...point(valueIn(current, key), valueIn(before, key)) }));
    return { ...point(current.value, before.value), rows };
  };
  const [current, compared] = await Promise.all([growthOf(periods.current), periods.comparison ? growthOf(periods.comparison) : undefined]);
  const { rows, ...point } = current;
  return {
    ...point,
    ...(compared ? { comparison: { value: compared.value, inputs: compared.inputs, delta: changeBetween(point.value, compared.value) } } : {}),
    ...(rows ? { breakdown: rows } : {}),
    flags: { noValue: point.value === null, needsData: [] },
  };
}

/** The metric plans measure: a computed catalog metric that is not itself a plan metric, or a custom metric. */
function planMetricDefinition(id: string): BaseComputed | undefined {
  if (isCustomMetricId(id)) return undefined;
  const definition = metricDefinition(id);
  if (!definition || !fromBases(definition)) throw invalid({ planMetric: "kpi.errors.unknownPlanMetric" });
  return definition;
}

/** Sums (counts and money; custom metrics that are summed) can be projected by a run rate; averages and ratios cannot. */
const isAdditive = (unit: MetricResult["unit"], aggregation: string | undefined) =>
  aggregation === undefined ? unit === "count" || unit === "money" : aggregation === "sum";

async function loadPlanInputs(
  db: Db,
  org: OrgSettings,
  periods: Periods,
  request: MetricQuery,
  planMetric: string,
  kinds: Set<string>,
  now: Date,
): Promise<Pick<PlanInputsForCompute, "targets" | "calendar" | "repActuals"> & { coverage?: Omit<NonNullable<PlanInputsForCompute["coverage"]>, "revenue"> }> {
  const ranges = [periods.current, ...(periods.comparison ? [periods.comparison] : [])];
  const from = ranges.map((r) => r.from).sort()[0]!;
  const to = ranges.map((r) => r.to).sort().at(-1)!;
  // share_at_quota needs every rep's actual, whatever the request's breakdown.
  const perRep = (range: ZonedRange) =>
    computeMetricsFor(db, org, { current: range }, { metrics: [planMetric], filters: request.filters, breakdown: "rep" }, now).then((r) => r.metrics[0]!);
  const wantsShare = kinds.has("share_at_quota");
  const wantsCoverage = kinds.has("coverage");
  const [targets, calendar, repCurrent, repComparison, revenueTargets, pipeline, closeDates] = await Promise.all([
    loadTargets(db, org.id, planMetric, from, to),
    loadWorkCalendar(db, org, from, to),
    wantsShare ? perRep(periods.current) : undefined,
    wantsShare && periods.comparison ? perRep(periods.comparison) : undefined,
    wantsCoverage ? (planMetric === DEFAULT_PLAN_METRIC ? undefined : loadTargets(db, org.id, DEFAULT_PLAN_METRIC, from, to)) : undefined,
    wantsCoverage ? loadCoverage(db, org, periods, request, now) : undefined,
    wantsCoverage ? hasExpectedCloseDates(db, org.id) : undefined,
  ]);
  return {
    targets,
    calendar,
    ...(repCurrent ? { repActuals: { current: repCurrent, comparison: repComparison } } : {}),
    ...(pipeline ? { coverage: { targets: revenueTargets ?? targets, pipeline, allOpenDeals: !closeDates } } : {}),
  };
}

/** Results of metrics computed from the shared events, cohort and snapshot bases, by id. */
async function computeFromBases(db: Db, org: OrgSettings, periods: Periods, request: MetricQuery, computed: BaseComputed[], now: Date): Promise<Map<string, MetricResult>> {
  const results = new Map<string, MetricResult>();
  if (computed.length === 0) return results;
  const uses = (base: BaseComputed["source"]["base"]) => computed.some((d) => d.source.base === base);
  const { current, comparison } = periods;
  const ranges = [{ label: CURRENT, ...current }, ...(comparison ? [{ label: COMPARISON, ...comparison }] : [])];
  const kinds = [...new Set(computed.flatMap((d) => (d.source.base === "events" || d.source.base === "marketing" ? d.source.kinds(org) : [])))] as EventKind[];
  const { filters, breakdown } = request;
  const marketingApplies =
    uses("marketing") && !filters?.repIds?.length && !filters?.teamIds?.length && !filters?.pipelineIds?.length;
  const query = { org, ranges, filters: request.filters, breakdown: request.breakdown };

  const [events, cohorts, snapshots, marketing] = await Promise.all([
    kinds.length > 0 ? loadEventStats(db, { ...query, kinds }) : undefined,
    uses("cohort")
      ? loadCohortStats(db, {
          ...query,
          withResponses: computed.some((d) => d.source.base === "cohort" && d.source.responses),
          withFollowUps: computed.some((d) => d.source.base === "cohort" && d.source.followUps),
        })
      : undefined,
    uses("snapshot") ? loadSnapshotStats(db, { ...query, now, withStale: computed.some((d) => d.source.base === "snapshot" && d.source.stale) }) : undefined,
    marketingApplies ? loadMarketingStats(db, { org, ranges, channelIds: filters?.channelIds, breakdown }) : undefined,
  ]);
  const bases: Bases = { events, cohorts, snapshots, marketing };

  for (const definition of computed) {
    const { id, unit, durationIn, direction, status } = definition;
    const pointOf = (label: string, group?: string): MetricPoint => toPoint(evaluate(definition, org, bases, label, group));
    const point = pointOf(CURRENT);
    const isCohort = definition.source.base === "cohort";
    const groups = request.breakdown ? breakdownKeys(definition, org, request, current, bases) : undefined;
    const compared = comparison ? pointOf(COMPARISON) : undefined;
    results.set(id, {
      id,
      unit,
      ...(durationIn ? { durationIn } : {}),
      direction,
      status,
      ...point,
      ...(compared ? { comparison: { ...compared, delta: changeBetween(point.value, compared.value) } } : {}),
      ...(groups ? { breakdown: groups.map((key) => ({ key, ...pointOf(CURRENT, key) })) } : {}),
      flags: {
        noValue: point.value === null,
        needsData: [],
        ...(isCohort ? { maturing: cohortMaturing(current, org.conversionWindowDays, now) } : {}),
      },
    });
  }
  return results;
}

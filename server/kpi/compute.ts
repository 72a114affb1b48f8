import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import { resolvePeriod, type ZonedRange } from "@/lib/periods";
import type { LocalDate } from "@/lib/zoned-time";
import { withResultsCache, type Reuse } from "./results-cache";
import { askedBy, refuseForSeveralOrgs, type Asked } from "./asked";
import { computeFromBases } from "./compute-bases";
import { loadOrgSettings, type OrgSettings } from "./org-settings";
import { comparisonRange, isTimeBucket, precedingRange } from "./periods";
import { changeBetween, ratioOrNull } from "./ratios";
import { computeCustomMetrics, loadCustomMetrics } from "./custom-metrics";
import { loadCoverage, loadTargets, planResult, type PlanInputsForCompute } from "./plans";
import { computeStageMetrics } from "./stages";
import { computeCustomerMetrics } from "./customers";
import { computeLtv } from "./ltv";
import { loadVelocityInputs, velocityResult } from "./velocity";
import { openPipelineLoader, type OpenPipelineLoader } from "./open-pipeline";
import { DEFAULT_PLAN_METRIC, type MetricRequest } from "./request";
import { loadWorkCalendars } from "./working-days";
import type { MetricPoint, MetricResult } from "./results";
import { dataPresenceQuery } from "./sql/data-presence";
import type { DataNeed } from "./types";

export type MetricsResponse = {
  currency: string;
  timeZone: string;
  period: { from: LocalDate; to: LocalDate };
  comparisonPeriod?: { from: LocalDate; to: LocalDate };
  metrics: MetricResult[];
};

/** What to compute over periods already resolved: the request without its period and comparison names. */
export type MetricQuery = Pick<MetricRequest, "metrics" | "filters" | "breakdown" | "planMetric"> & {
  /**
   * Which medians of duration metrics to compute (they sort every value, where means add up): "all" (the default:
   * each period and group, as the API gives them), "headline" (the current period's total and per-stage ones: what a
   * dashboard shows; the others are null) or "none" (inner computations that read only means, like sales_velocity's
   * time_to_win: the events' medians are left out, the others as for "headline").
   */
  medians?: "all" | "headline" | "none";
};

/**
 * Computes the requested catalog metrics for the period (in the org's time zone, as of `now`), with the
 * comparison period, filters and breakdown.
 */
export async function computeMetrics(db: Db, orgId: string, request: MetricRequest & Pick<MetricQuery, "medians">, now: Date): Promise<MetricsResponse> {
  const org = await loadOrgSettings(db, orgId);
  const period = resolvePeriod(request.period, org.timeZone, now);
  const comparison = request.comparison ? comparisonRange(period, request.comparison) : undefined;
  return computeMetricsFor(db, org, { current: period.current, comparison }, request, now);
}

export type Periods = { current: ZonedRange; comparison?: ZonedRange };

/**
 * computeMetrics for an org and periods the caller has already resolved: computeMetricsForOrgs for a set of one.
 */
export async function computeMetricsFor(db: Db, org: OrgSettings, periods: Periods, request: MetricQuery, now: Date, reuse?: Reuse): Promise<MetricsResponse> {
  return (await computeMetricsForOrgs(db, [org], new Map([[org.id, periods]]), request, now, reuse)).get(org.id)!;
}

/** Each org of `orgs` over its own periods (`periodsByOrg`, resolved in its time zone) → that org's response. */
type ComputeForOrgs = (
  db: Db,
  orgs: OrgSettings[],
  periodsByOrg: Map<string, Periods>,
  request: MetricQuery,
  now: Date,
  reuse?: Reuse,
) => Promise<Map<string, MetricsResponse>>;

/** Tells responses computed by this process apart from those of an earlier build (formulas may have changed). */
const processKey = randomUUID();

/**
 * The requested metrics for each org of `orgs` over its own periods (`periodsByOrg`, resolved in its time zone),
 * each equal to what the org alone gives (see computeMetricsForOrgsFresh). A response computed in the same time slot
 * from data that has not changed since is reused, or an older one as `reuse` allows (results-cache.ts); the others
 * are computed together.
 */
export const computeMetricsForOrgs: ComputeForOrgs = async (db, orgs, periodsByOrg, request, now, reuse) => {
  if (orgs.length > 1) refuseForSeveralOrgs(askedBy(request));
  const byId = new Map(orgs.map((org) => [org.id, org]));
  const query = { metrics: request.metrics, filters: request.filters, breakdown: request.breakdown, planMetric: request.planMetric, medians: request.medians ?? "all" };
  const keyOf = (orgId: string) => JSON.stringify({ processKey, org: byId.get(orgId), periods: periodsByOrg.get(orgId), query });
  const computeMissing = (ids: string[]) => computeMetricsForOrgsFresh(db, ids.map((id) => byId.get(id)!), periodsByOrg, request, now);
  return withResultsCache(db, [...byId.keys()], keyOf, now, computeMissing, reuse);
};

/**
 * The requested metrics for each org of `orgs` over its own periods, computed now (no reuse), each equal to what the
 * org alone gives: its currency, time zone, conversion window and plans. The shared bases run once for the whole
 * set: one events, one cohort and one data-presence query at most, and for plan metrics one targets, one calendar and
 * one pipeline query per period (shared with sales_velocity), whatever the number of orgs; in parallel. For one org,
 * the custom metrics and the one-org bases (snapshot, marketing, stages, velocity, growth, customers, LTV) run beside
 * them; several orgs take events, cohort and plan metrics only (anything else throws).
 */
export const computeMetricsForOrgsFresh: ComputeForOrgs = async (db, orgs, periodsByOrg, request, now) => {
  const asked = askedBy(request);
  if (orgs.length === 0) return new Map();
  const single = orgs.length === 1 ? orgs[0]! : undefined;
  if (!single) refuseForSeveralOrgs(asked);
  const periodsOf = (org: OrgSettings) => {
    const periods = periodsByOrg.get(org.id);
    if (!periods) throw new Error(`computeMetricsForOrgs: no periods for org ${org.id}`);
    return periods;
  };

  const customs = single ? await loadCustomMetrics(db, single.id, asked.customKeys) : new Map<string, never>();
  const openPipeline = openPipelineLoader(db);
  type PresenceRow = { org_id: string } & Record<DataNeed, boolean>;
  const [baseResults, customResults, presence, plans, oneOrg] = await Promise.all([
    computeFromBases(db, orgs, periodsOf, request, asked.baseDefinitions, now),
    single ? computeCustomMetrics(db, single, periodsOf(single), request, [...customs.values()]) : new Map<string, MetricResult>(),
    db.execute<PresenceRow>(dataPresenceQuery(orgs.map((org) => org.id), asked.needs)).then((rows) => new Map(rows.map((row) => [row.org_id, row]))),
    asked.planKinds.size > 0 ? loadPlanInputs(db, openPipeline, orgs, periodsOf, request, asked.planMetric, asked.planKinds, now) : undefined,
    single ? computeOneOrgBases(db, openPipeline, single, periodsOf(single), request, asked, now) : undefined,
  ]);

  const responses = new Map<string, MetricsResponse>();
  for (const org of orgs) {
    responses.set(org.id, respond(org, periodsOf(org), request, now, asked, {
      base: baseResults.get(org.id)!,
      custom: customResults,
      customs,
      presence: presence.get(org.id)!,
      plan: plans?.get(org.id),
      oneOrg: oneOrg ?? {},
    }));
  }
  return responses;
};

type OneOrgResults = Partial<{
  stages: Awaited<ReturnType<typeof computeStageMetrics>>;
  velocity: Awaited<ReturnType<typeof loadVelocityInputs>>;
  growth: Awaited<ReturnType<typeof revenueGrowth>>;
  customers: Awaited<ReturnType<typeof computeCustomerMetrics>>;
  byChannel: Awaited<ReturnType<typeof dealsByChannel>>;
  ltv: Awaited<ReturnType<typeof computeLtv>>;
}>;

/** The bases computed for one org at a time, those the request uses. */
async function computeOneOrgBases(
  db: Db,
  openPipeline: OpenPipelineLoader,
  org: OrgSettings,
  periods: Periods,
  request: MetricQuery,
  asked: Asked,
  now: Date,
): Promise<OneOrgResults> {
  const recurse = async (inner: Periods, query: MetricQuery) => (await computeMetricsForOrgsFresh(db, [org], new Map([[org.id, inner]]), query, now)).get(org.id)!;
  const [stages, velocity, growth, customers, byChannel, ltv] = await Promise.all([
    asked.stageMeasures.size > 0 ? computeStageMetrics(db, org, periods, request, asked.stageMeasures as Set<never>, now) : undefined,
    asked.velocityMeasures.size > 0 ? loadVelocityInputs(openPipeline, org, periods.current, request, now, recurse) : undefined,
    asked.wantsGrowth ? revenueGrowth(org, periods, request, recurse) : undefined,
    asked.customerMeasures.size > 0 ? computeCustomerMetrics(db, org, periods, request, asked.customerMeasures as Set<never>, now) : undefined,
    asked.wantsByChannel ? dealsByChannel(periods, request, recurse) : undefined,
    asked.ltvMeasures.size > 0 ? computeLtv(db, org, periods.current, now) : undefined,
  ]);
  return { stages, velocity, growth, customers, byChannel, ltv };
}

type Computations = {
  base: Map<string, MetricResult>;
  custom: Map<string, MetricResult>;
  customs: Map<string, { aggregation: string }>;
  presence: Record<DataNeed, boolean>;
  plan: PlanInputs | undefined;
  oneOrg: OneOrgResults;
};

/** One org's response from what was computed for it. */
function respond(org: OrgSettings, periods: Periods, request: MetricQuery, now: Date, asked: Asked, computed: Computations): MetricsResponse {
  const { definitions, planMetric } = asked;
  const { base: baseResults, custom: customResults, customs, presence, plan } = computed;
  const { stages: stageResults, velocity, growth, customers: customerResults, byChannel, ltv } = computed.oneOrg;
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
      coverage: plan!.coverage && { ...plan!.coverage, revenue: baseResults.get(DEFAULT_PLAN_METRIC)!, allOpenDeals: !presence.expected_close_dates },
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

/** Sums (counts and money; custom metrics that are summed) can be projected by a run rate; averages and ratios cannot. */
const isAdditive = (unit: MetricResult["unit"], aggregation: string | undefined) =>
  aggregation === undefined ? unit === "count" || unit === "money" : aggregation === "sum";

type PlanInputs = Pick<PlanInputsForCompute, "targets" | "calendar" | "repActuals"> & {
  coverage?: Omit<NonNullable<PlanInputsForCompute["coverage"]>, "revenue" | "allOpenDeals">;
};

/** Plan targets, working calendars, per-rep actuals and the open pipeline of each org, by org id (one query each for all orgs). */
async function loadPlanInputs(
  db: Db,
  openPipeline: OpenPipelineLoader,
  orgs: OrgSettings[],
  periodsOf: (org: OrgSettings) => Periods,
  request: MetricQuery,
  planMetric: string,
  kinds: Set<string>,
  now: Date,
): Promise<Map<string, PlanInputs>> {
  const ranges = orgs.map((org) => {
    const { current, comparison } = periodsOf(org);
    const all = [current, ...(comparison ? [comparison] : [])];
    return { org, orgId: org.id, from: all.map((r) => r.from).sort()[0]!, to: all.map((r) => r.to).sort().at(-1)! };
  });
  // share_at_quota needs every rep's actual, whatever the request's breakdown.
  const perRep = async (which: keyof Periods) => {
    const withRange = orgs.filter((org) => periodsOf(org)[which]);
    if (withRange.length === 0) return undefined;
    const periods = new Map(withRange.map((org) => [org.id, { current: periodsOf(org)[which]! }]));
    return computeMetricsForOrgsFresh(db, withRange, periods, { metrics: [planMetric], filters: request.filters, breakdown: "rep" }, now);
  };
  const wantsShare = kinds.has("share_at_quota");
  const wantsCoverage = kinds.has("coverage");
  const [targets, calendars, repCurrent, repComparison, revenueTargets, pipeline] = await Promise.all([
    loadTargets(db, ranges, planMetric),
    loadWorkCalendars(db, ranges),
    wantsShare ? perRep("current") : undefined,
    wantsShare ? perRep("comparison") : undefined,
    wantsCoverage && planMetric !== DEFAULT_PLAN_METRIC ? loadTargets(db, ranges, DEFAULT_PLAN_METRIC) : undefined,
    wantsCoverage ? loadCoverage(openPipeline, orgs.map((org) => ({ org, periods: periodsOf(org) })), request, now) : undefined,
  ]);
  return new Map(
    orgs.map((org): [string, PlanInputs] => [
      org.id,
      {
        targets: targets.get(org.id)!,
        calendar: calendars.get(org.id)!,
        ...(repCurrent ? { repActuals: { current: repCurrent.get(org.id)!.metrics[0]!, comparison: repComparison?.get(org.id)?.metrics[0] } } : {}),
        ...(pipeline ? { coverage: { targets: (revenueTargets ?? targets).get(org.id)!, pipeline: pipeline.get(org.id)! } } : {}),
      },
    ]),
  );
}

import type { Db } from "@/db/client";
import { resolvePeriod, type ZonedRange } from "@/lib/periods";
import type { LocalDate } from "@/lib/zoned-time";
import { invalid } from "@/server/errors";
import { metricDefinition } from "./catalog";
import { loadCohortStats, loadEventStats, loadSnapshotStats, type PeriodStats, type StatsByPeriod } from "./load-stats";
import { loadOrgSettings, type OrgSettings } from "./org-settings";
import { cohortMaturing, comparisonRange, isTimeBucket, timeBuckets } from "./periods";
import { changeBetween } from "./ratios";
import type { MetricRequest } from "./request";
import { emptyCohortStats, emptyEventStats, emptySnapshotStats, toPoint, type EventStatsByKind, type MetricPoint, type MetricResult } from "./results";
import { dataPresenceQuery } from "./sql/data-presence";
import type { CohortStats, DataNeed, EventKind, MetricDefinition, MetricValue, SnapshotStats } from "./types";

type Computed = Extract<MetricDefinition, { status: "computed" }>;

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
};

/** A computed metric's value for one period (`label`) and, if given, one breakdown group, from its base's stats. */
function evaluate(definition: Computed, org: OrgSettings, bases: Bases, label: string, group?: string): MetricValue {
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
  }
}

/**
 * The breakdown groups a metric lists: every time bucket of the period (none for snapshots), or the reps, teams,
 * pipelines or channels with rows in the metric's own base (for event metrics: events of its kinds).
 */
function breakdownKeys(definition: Computed, org: OrgSettings, request: MetricQuery, period: ZonedRange, bases: Bases): string[] | undefined {
  const { source } = definition;
  if (isTimeBucket(request.breakdown)) {
    return source.base === "snapshot" ? undefined : timeBuckets(period.from, period.to, request.breakdown, org.weekStart);
  }
  if (source.base === "cohort") return [...(bases.cohorts?.get(CURRENT)?.groups.keys() ?? [])].sort();
  if (source.base === "snapshot") return [...(bases.snapshots?.get(CURRENT)?.groups.keys() ?? [])].sort();
  const kinds = source.kinds(org);
  const groups = bases.events?.get(CURRENT)?.groups ?? new Map<string, EventStatsByKind>();
  return [...groups].filter(([, byKind]) => kinds.some((kind) => byKind.has(kind))).map(([key]) => key).sort();
}

/** What to compute over periods already resolved: the request without its period and comparison names. */
export type MetricQuery = Pick<MetricRequest, "metrics" | "filters" | "breakdown">;

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

/**
 * computeMetrics for an org and periods the caller has already resolved. Shared bases run once for all
 * metrics: one events, one cohort, one snapshot and one data-presence query at most, in parallel.
 */
export async function computeMetricsFor(
  db: Db,
  org: OrgSettings,
  periods: { current: ZonedRange; comparison?: ZonedRange },
  request: MetricQuery,
  now: Date,
): Promise<MetricsResponse> {
  const definitions = request.metrics.map((id) => {
    const definition = metricDefinition(id);
    if (!definition) throw invalid({ metrics: "kpi.errors.unknownMetric" });
    return definition;
  });
  const { current, comparison } = periods;
  const ranges = [{ label: CURRENT, ...current }, ...(comparison ? [{ label: COMPARISON, ...comparison }] : [])];
  const computed = definitions.filter((d): d is Computed => d.status === "computed");
  const kinds = [...new Set(computed.flatMap((d) => (d.source.base === "events" ? d.source.kinds(org) : [])))] as EventKind[];
  const needs = [...new Set(definitions.flatMap((d) => d.needs))];
  const query = { org, ranges, filters: request.filters, breakdown: request.breakdown };

  const uses = (base: Computed["source"]["base"]) => computed.some((d) => d.source.base === base);
  const [events, cohorts, snapshots, presence] = await Promise.all([
    kinds.length > 0 ? loadEventStats(db, { ...query, kinds }) : undefined,
    uses("cohort")
      ? loadCohortStats(db, { ...query, withResponses: computed.some((d) => d.source.base === "cohort" && d.source.responses) })
      : undefined,
    uses("snapshot") ? loadSnapshotStats(db, { ...query, now }) : undefined,
    db.execute<Record<DataNeed, boolean>>(dataPresenceQuery(org.id, needs)).then((rows) => rows[0]!),
  ]);
  const bases: Bases = { events, cohorts, snapshots };

  const metrics = definitions.map((definition): MetricResult => {
    const { id, unit, durationIn, direction, status } = definition;
    const base = { id, unit, ...(durationIn ? { durationIn } : {}), direction, status };
    const needsData = definition.needs.filter((need) => !presence[need]);
    if (definition.status === "planned" || needsData.length > 0) {
      return { ...base, value: null, flags: { noValue: false, needsData } };
    }
    const pointOf = (label: string, group?: string): MetricPoint => toPoint(evaluate(definition, org, bases, label, group));
    const point = pointOf(CURRENT);
    const isCohort = definition.source.base === "cohort";
    const groups = request.breakdown ? breakdownKeys(definition, org, request, current, bases) : undefined;
    const compared = comparison ? pointOf(COMPARISON) : undefined;
    return {
      ...base,
      ...point,
      ...(compared ? { comparison: { ...compared, delta: changeBetween(point.value, compared.value) } } : {}),
      ...(groups ? { breakdown: groups.map((key) => ({ key, ...pointOf(CURRENT, key) })) } : {}),
      flags: {
        noValue: point.value === null,
        needsData: [],
        ...(isCohort ? { maturing: cohortMaturing(current, org.conversionWindowDays, now) } : {}),
      },
    };
  });

  const dates = ({ from, to }: ZonedRange) => ({ from, to });
  return {
    currency: org.currency,
    timeZone: org.timeZone,
    period: dates(current),
    ...(comparison ? { comparisonPeriod: dates(comparison) } : {}),
    metrics,
  };
}

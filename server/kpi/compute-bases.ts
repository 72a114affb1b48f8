import type { Db } from "@/db/client";
import type { ZonedRange } from "@/lib/periods";
import type { MetricQuery, Periods } from "./compute";
import { loadCohortStats, loadEventStats, loadMarketingStats, loadSnapshotStats, type PeriodStats, type StatsByPeriod } from "./load-stats";
import type { OrgSettings } from "./org-settings";
import { cohortMaturing, isTimeBucket, timeBuckets } from "./periods";
import { changeBetween } from "./ratios";
import { emptyCohortStats, emptyEventStats, emptySnapshotStats, toPoint, type EventStatsByKind, type MetricPoint, type MetricResult } from "./results";
import type { CohortStats, EventKind, MarketingStats, MetricDefinition, MetricValue, SnapshotStats } from "./types";

export type Computed = Extract<MetricDefinition, { status: "computed" }>;
/** Metrics computed from the shared events, cohort and snapshot bases. */
export type BaseComputed = Computed & { source: { base: "events" | "cohort" | "snapshot" | "marketing" } };
const sharedBases = ["events", "cohort", "snapshot", "marketing"];
export const fromBases = (d: MetricDefinition): d is BaseComputed => d.status === "computed" && sharedBases.includes(d.source.base);


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

/**
 * Results of metrics computed from the shared events, cohort, snapshot and marketing bases, by org id and metric id.
 * Events and cohorts run one statement each for all orgs; snapshot and marketing are for one org only (the caller
 * refuses them for several).
 */
export async function computeFromBases(
  db: Db,
  orgs: OrgSettings[],
  periodsOf: (org: OrgSettings) => Periods,
  request: MetricQuery,
  computed: BaseComputed[],
  now: Date,
): Promise<Map<string, Map<string, MetricResult>>> {
  const results = new Map(orgs.map((org) => [org.id, new Map<string, MetricResult>()]));
  if (computed.length === 0) return results;
  const uses = (base: BaseComputed["source"]["base"]) => computed.some((d) => d.source.base === base);
  const rangesOf = ({ current, comparison }: Periods) => [{ label: CURRENT, ...current }, ...(comparison ? [{ label: COMPARISON, ...comparison }] : [])];
  const scope = { orgs: orgs.map((org) => ({ org, ranges: rangesOf(periodsOf(org)) })) };
  const kindsOf = (org: OrgSettings) => computed.flatMap((d) => (d.source.base === "events" || d.source.base === "marketing" ? d.source.kinds(org) : []));
  const kinds = [...new Set(orgs.flatMap(kindsOf))] as EventKind[];
  const { filters, breakdown } = request;
  const single = orgs.length === 1 ? orgs[0]! : undefined;
  const marketingApplies =
    single && uses("marketing") && !filters?.repIds?.length && !filters?.teamIds?.length && !filters?.pipelineIds?.length;
  const oneOrg = single && { org: single, ranges: rangesOf(periodsOf(single)), filters, breakdown };

  const [events, cohorts, snapshots, marketing] = await Promise.all([
    kinds.length > 0
      ? loadEventStats(db, {
          ...scope,
          kinds,
          filters,
          breakdown,
          meansOnly: request.medians === "none",
          mediansOnlyFor: request.medians === "headline" ? CURRENT : undefined,
          medianKinds: request.medians === "none" ? [] : [...new Set(orgs.flatMap((org) => computed.flatMap((d) => (d.source.base === "events" && d.source.medians ? d.source.kinds(org) : []))))],
          withCustomers: computed.some((d) => d.source.base === "events" && d.source.customers),
          withReasons: computed.some((d) => d.source.base === "events" && d.source.reasons),
        })
      : undefined,
    uses("cohort")
      ? loadCohortStats(db, {
          ...scope,
          filters,
          breakdown,
          withResponses: computed.some((d) => d.source.base === "cohort" && d.source.responses),
          responseMediansOnlyFor: (request.medians ?? "all") === "all" ? undefined : CURRENT,
          withFollowUps: computed.some((d) => d.source.base === "cohort" && d.source.followUps),
        })
      : undefined,
    oneOrg && uses("snapshot") ? loadSnapshotStats(db, { ...oneOrg, now, withStale: computed.some((d) => d.source.base === "snapshot" && d.source.stale) }) : undefined,
    oneOrg && marketingApplies ? loadMarketingStats(db, { org: oneOrg.org, ranges: oneOrg.ranges, channelIds: filters?.channelIds, breakdown }) : undefined,
  ]);

  for (const org of orgs) {
    const { current, comparison } = periodsOf(org);
    // An org without rows in a base that ran has empty stats there.
    const bases: Bases = {
      events: events && (events.get(org.id) ?? new Map()),
      cohorts: cohorts && (cohorts.get(org.id) ?? new Map()),
      snapshots,
      marketing,
    };
    const byId = results.get(org.id)!;
    for (const definition of computed) {
      const { id, unit, durationIn, direction, status } = definition;
      const pointOf = (label: string, group?: string): MetricPoint => toPoint(evaluate(definition, org, bases, label, group));
      const point = pointOf(CURRENT);
      const isCohort = definition.source.base === "cohort";
      const groups = request.breakdown ? breakdownKeys(definition, org, request, current, bases) : undefined;
      const compared = comparison ? pointOf(COMPARISON) : undefined;
      byId.set(id, {
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
  }
  return results;
}

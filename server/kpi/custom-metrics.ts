import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { customMetrics, type CustomMetric } from "@/db/schema";
import type { ZonedRange } from "@/lib/periods";
import type { LocalDate } from "@/lib/zoned-time";
import { invalid } from "@/server/errors";
import type { OrgSettings } from "./org-settings";
import { isTimeBucket, timeBuckets, nextBucketStart } from "./periods";
import { changeBetween } from "./ratios";
import type { MetricFilters, MetricRequest } from "./request";
import type { MetricResult } from "./results";
import { dateParam } from "./sql/params";

/** The org's custom metrics by key (`custom.<slug>`); an unknown key is an invalid request. */
export async function loadCustomMetrics(db: Db, orgId: string, keys: string[]): Promise<Map<string, CustomMetric>> {
  if (keys.length === 0) return new Map();
  const rows = await db.select().from(customMetrics).where(and(eq(customMetrics.orgId, orgId), inArray(customMetrics.key, keys)));
  const byKey = new Map(rows.map((row) => [row.key, row]));
  if (keys.some((key) => !byKey.has(key))) throw invalid({ metrics: "kpi.errors.unknownCustomMetric" });
  return byKey;
}

/** One entered value: rep_id null = org-wide; team_id = the rep's team at the value's period start. */
export type CustomValue = { metricId: number; repId: number | null; teamId: number | null; periodStart: LocalDate; value: number };

/** One entity's values over a span: summed, averaged, or the one of the latest period. */
function aggregateOne(values: CustomValue[], aggregation: CustomMetric["aggregation"]): number | null {
  if (aggregation === "sum") return values.reduce((sum, v) => sum + v.value, 0);
  if (values.length === 0) return null;
  if (aggregation === "average") return values.reduce((sum, v) => sum + v.value, 0) / values.length;
  return values.reduce((latest, v) => (v.periodStart > latest.periodStart ? v : latest)).value;
}

/**
 * The value of a set of entered values (kpi-catalog **Manual and custom metrics**): the org-wide values where there
 * are any, else the reps' values together: summed, averaged over all entries, or for `last` each rep's latest value
 * added up. A `sum` of nothing is 0; an average or last of nothing has no value.
 */
export function aggregateCustom(values: CustomValue[], aggregation: CustomMetric["aggregation"]): number | null {
  const orgWide = values.filter((v) => v.repId === null);
  if (orgWide.length > 0) return aggregateOne(orgWide, aggregation);
  if (aggregation !== "last") return aggregateOne(values, aggregation);
  const byRep = groupBy(values, (v) => v.repId);
  return byRep.size === 0 ? null : [...byRep.values()].reduce((sum, repValues) => sum + aggregateOne(repValues, "last")!, 0);
}

/** Values a filter keeps: a rep or team filter keeps only those reps' values (pipelines and channels do not apply). */
function filtered(values: CustomValue[], filters: MetricFilters | undefined): CustomValue[] {
  const { repIds, teamIds } = filters ?? {};
  if (!repIds?.length && !teamIds?.length) return values;
  return values.filter(
    (v) => v.repId !== null && (!repIds?.length || repIds.includes(v.repId)) && (!teamIds?.length || (v.teamId !== null && teamIds.includes(v.teamId))),
  );
}

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return groups;
}

const inRange = (values: CustomValue[], from: LocalDate, to: LocalDate) => values.filter((v) => v.periodStart >= from && v.periodStart < to);

/**
 * Results of custom metrics: values whose period starts in the period, aggregated as each metric says; broken down
 * by rep (the reps' own values), team (the reps' team at the value's period start; "" without one) or time bucket.
 */
export async function computeCustomMetrics(
  db: Db,
  org: OrgSettings,
  periods: { current: ZonedRange; comparison?: ZonedRange },
  request: Pick<MetricRequest, "filters" | "breakdown">,
  metrics: CustomMetric[],
): Promise<Map<string, MetricResult>> {
  const results = new Map<string, MetricResult>();
  if (metrics.length === 0) return results;
  const ranges = [periods.current, ...(periods.comparison ? [periods.comparison] : [])];
  const from = ranges.map((r) => r.from).sort()[0]!;
  const to = ranges.map((r) => r.to).sort().at(-1)!;
  const rows = await db.execute<{ metric_id: number; rep_id: number | null; team_id: number | null; period_start: LocalDate; value: number }>(sql`
    select v.metric_id, v.rep_id, v.period_start::text as period_start, v.value::float8 as value,
      (select m.team_id from team_memberships m
        where m.org_id = v.org_id and m.rep_id = v.rep_id and m.valid_from <= v.period_start
          and (m.valid_to is null or m.valid_to > v.period_start)
        order by m.valid_from desc limit 1) as team_id
    from custom_metric_values v
    where v.org_id = ${org.id} and v.metric_id in (${sql.join(metrics.map((m) => sql`${m.id}::bigint`), sql`, `)})
      and v.period_start >= ${dateParam(from)} and v.period_start < ${dateParam(to)}`);
  const withValues = await db.execute<{ metric_id: number }>(sql`
    select distinct metric_id from custom_metric_values
    where org_id = ${org.id} and metric_id in (${sql.join(metrics.map((m) => sql`${m.id}::bigint`), sql`, `)})`);
  const hasValues = new Set(withValues.map((row) => Number(row.metric_id)));
  const all: CustomValue[] = rows.map((row) => ({
    metricId: Number(row.metric_id),
    repId: row.rep_id === null ? null : Number(row.rep_id),
    teamId: row.team_id === null ? null : Number(row.team_id),
    periodStart: row.period_start,
    value: row.value,
  }));

  for (const metric of metrics) {
    const base = {
      id: metric.key,
      name: metric.name,
      unit: metric.unit,
      direction: metric.direction === "down" ? ("down_is_good" as const) : ("up_is_good" as const),
      status: "computed" as const,
    };
    if (!hasValues.has(metric.id)) {
      results.set(metric.key, { ...base, value: null, flags: { noValue: false, needsData: ["custom_values"] } });
      continue;
    }
    const values = filtered(all.filter((v) => v.metricId === metric.id), request.filters);
    const valueIn = (range: { from: LocalDate; to: LocalDate }, subset = values) => aggregateCustom(inRange(subset, range.from, range.to), metric.aggregation);
    const value = valueIn(periods.current);
    const compared = periods.comparison ? valueIn(periods.comparison) : undefined;
    const breakdown = customBreakdown(org, periods.current, request.breakdown, values, metric.aggregation);
    results.set(metric.key, {
      ...base,
      value,
      ...(compared !== undefined ? { comparison: { value: compared, delta: changeBetween(value, compared) } } : {}),
      ...(breakdown ? { breakdown } : {}),
      flags: { noValue: value === null, needsData: [] },
    });
  }
  return results;
}

function customBreakdown(
  org: OrgSettings,
  period: ZonedRange,
  breakdown: MetricRequest["breakdown"],
  values: CustomValue[],
  aggregation: CustomMetric["aggregation"],
): MetricResult["breakdown"] {
  const current = inRange(values, period.from, period.to);
  if (isTimeBucket(breakdown)) {
    return timeBuckets(period.from, period.to, breakdown, org.weekStart).map((start) => ({
      key: start,
      value: aggregateCustom(inRange(current, start, nextBucketStart(start, breakdown)), aggregation),
    }));
  }
  if (breakdown !== "rep" && breakdown !== "team") return undefined;
  const keyOf = (v: CustomValue) => String((breakdown === "rep" ? v.repId : v.teamId) ?? "");
  const groups = groupBy(current.filter((v) => v.repId !== null), keyOf);
  return [...groups.keys()].sort().map((key) => ({ key, value: aggregateCustom(groups.get(key)!, aggregation) }));
}

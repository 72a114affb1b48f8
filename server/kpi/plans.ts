import type { Db } from "@/db/client";
import { addMonths, type ZonedRange } from "@/lib/periods";
import { localDateAt, type LocalDate } from "@/lib/zoned-time";
import type { OrgSettings } from "./org-settings";
import { isTimeBucket, nextBucketStart } from "./periods";
import { changeBetween, ratioOrNull } from "./ratios";
import type { MetricFilters, MetricRequest } from "./request";
import type { MetricPoint, MetricResult, QuotaBand } from "./results";
import type { CoverageStats, OpenPipelineLoader } from "./open-pipeline";
import type { CoverageRange } from "./sql/coverage";
import { planTargetsFor } from "./sql/revenue-targets";
import type { PlanMeasure } from "./types";
import { workingDaysBetween, type WorkCalendar } from "./working-days";

/** One target as planTargets adds them up: a rep's, a team's (own or its reps' sum) or the org's, for one quota period [from, to). */
export type Target = { scope: "rep" | "team" | "org"; repId: number | null; teamId: number | null; from: LocalDate; to: LocalDate; target: number };

type TargetSqlRow = { org_id: string; scope: Target["scope"]; rep_id: number | null; team_id: number | null; period_kind: "month" | "quarter"; period_start: LocalDate; target: number };

/** Targets of `metric` for quota periods starting in each org's [from, to), by org id: one query for all orgs. */
export async function loadTargets(db: Db, ranges: { orgId: string; from: LocalDate; to: LocalDate }[], metric: string): Promise<Map<string, Target[]>> {
  const rows = await db.execute<TargetSqlRow>(planTargetsFor(ranges.map((r) => ({ ...r, from: addMonths(r.from, -2) })), metric));
  const byOrg = new Map(ranges.map((r): [string, Target[]] => [r.orgId, []]));
  for (const row of rows) byOrg.get(row.org_id)?.push(targetOf(row));
  return byOrg;
}

function targetOf(row: TargetSqlRow): Target {
  return {
    scope: row.scope,
    repId: row.rep_id === null ? null : Number(row.rep_id),
    teamId: row.team_id === null ? null : Number(row.team_id),
    from: row.period_start,
    to: addMonths(row.period_start, row.period_kind === "month" ? 1 : 3),
    target: row.target,
  };
}

type Dates = { from: LocalDate; to: LocalDate };
/** A breakdown group of a plan metric: a rep or a team ("" = reps in no team). */
type Group = { by: "rep" | "team"; key: string };

/**
 * Which targets make up the target of the filtered whole or of a group (kpi-catalog: a team's or org's target
 * is its own where set, else its members' sum; planTargets adds them up). Null: no plan applies (a pipeline or
 * channel has no targets). `repsOnly`: the reps' own targets of the whole or the group.
 */
function targetPicker(filters: MetricFilters | undefined, group?: Group, repsOnly = false): ((row: Target) => boolean) | null {
  if (filters?.pipelineIds?.length || filters?.channelIds?.length) return null;
  const repIds = group?.by === "rep" ? [Number(group.key)] : filters?.repIds;
  const noTeam = group?.by === "team" && group.key === "";
  const teamIds = group?.by === "team" && !noTeam ? [Number(group.key)] : filters?.teamIds;
  const teamMatches = (row: Target) => (noTeam ? row.teamId === null : !teamIds?.length || (row.teamId !== null && teamIds.includes(row.teamId)));
  if (repsOnly || repIds?.length || noTeam) return (row) => row.scope === "rep" && (!repIds?.length || repIds.includes(row.repId!)) && teamMatches(row);
  if (teamIds?.length) return (row) => row.scope === "team" && teamIds.includes(row.teamId!);
  return (row) => row.scope === "org";
}

/** The sum of the picked targets whose quota period lies within [from, to); null without any. */
function targetIn(targets: Target[], dates: Dates, pick: ((row: Target) => boolean) | null): number | null {
  if (!pick) return null;
  const rows = targets.filter((row) => row.from >= dates.from && row.to <= dates.to && pick(row));
  return rows.length === 0 ? null : rows.reduce((sum, row) => sum + row.target, 0);
}

export type PlanInputsForCompute = {
  org: OrgSettings;
  periods: { current: ZonedRange; comparison?: ZonedRange };
  request: Pick<MetricRequest, "filters" | "breakdown">;
  now: Date;
  calendar: WorkCalendar;
  /** The plan metric's result with the request's breakdown and comparison. */
  actual: MetricResult;
  targets: Target[];
  /** Run rates add up only for sums (counts, money; custom metrics summed). */
  additive: boolean;
  /** share_at_quota: the plan metric per rep, for the period and the comparison period. */
  repActuals?: { current: MetricResult; comparison?: MetricResult };
  /** pipeline_coverage: revenue won (with the request's breakdown), its targets and the open pipeline. */
  coverage?: { revenue: MetricResult; targets: Target[]; pipeline: CoverageStats; allOpenDeals: boolean };
};

type Measured = MetricPoint;

/** The plan measure's point for a range, given the actual and the target there. */
function measure(kind: Exclude<PlanMeasure, "share_at_quota" | "coverage">, ctx: PlanInputsForCompute, dates: Dates, actual: number | null, target: number | null): Measured {
  const plan = { target, actual };
  switch (kind) {
    case "attainment":
      return { value: ratioOrNull(actual, target), inputs: { numerator: actual, denominator: target }, plan };
    case "remaining":
      return { value: target === null ? null : Math.max(target - (actual ?? 0), 0), plan };
    case "run_rate": {
      const today = localDateAt(ctx.now, ctx.org.timeZone);
      const elapsedTo = [dates.to, nextDay(today)].sort()[0]!;
      const elapsed = elapsedTo > dates.from ? workingDaysBetween(ctx.calendar, dates.from, elapsedTo) : 0;
      const total = workingDaysBetween(ctx.calendar, dates.from, dates.to);
      const value = ctx.additive && actual !== null && elapsed > 0 ? (actual / elapsed) * total : null;
      return { value, inputs: { numerator: actual, denominator: elapsed }, plan: { ...plan, workingDaysElapsed: elapsed, workingDaysInPeriod: total } };
    }
  }
}

const nextDay = (date: LocalDate) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

const groupValue = (result: MetricResult | undefined, key: string) => result?.breakdown?.find((row) => row.key === key)?.value ?? (result?.breakdown ? 0 : null);

/** share_at_quota over the reps picked: with a target in the range, attainment ≥ 100% ÷ all of them. */
function shareAtQuota(ctx: PlanInputsForCompute, dates: Dates, repActual: MetricResult | undefined, group?: Group): Measured {
  const pick = targetPicker(ctx.request.filters, group, true);
  if (!pick) return { value: null };
  const byRep = new Map<number, number>();
  for (const row of ctx.targets) {
    if (row.scope !== "rep" || row.from < dates.from || row.to > dates.to || !pick(row)) continue;
    byRep.set(row.repId!, (byRep.get(row.repId!) ?? 0) + row.target);
  }
  const atQuota = [...byRep].filter(([repId, target]) => (ratioOrNull(groupValue(repActual, String(repId)), target) ?? 0) >= 1).length;
  const value = ratioOrNull(atQuota, byRep.size);
  return { value, inputs: { numerator: atQuota, denominator: byRep.size }, ...(value === null ? {} : { band: quotaBand(value) }) };
}

export const quotaBand = (share: number): QuotaBand => (share < 0.6 ? "targets_too_high" : share > 0.9 ? "targets_too_low" : "healthy");

/** The moment pipeline_coverage is taken at: the period start for a past period, now for the current (or a future) one. */
export const coverageMoment = (range: ZonedRange, now: Date): Date => (range.end.getTime() <= now.getTime() ? range.start : now);

/** pipeline_coverage's open pipeline for each org's periods, by org id (one statement per period label for all orgs). */
export function loadCoverage(
  openPipeline: OpenPipelineLoader,
  orgs: { org: OrgSettings; periods: { current: ZonedRange; comparison?: ZonedRange } }[],
  request: Pick<MetricRequest, "filters" | "breakdown">,
  now: Date,
): Promise<Map<string, CoverageStats>> {
  const rangesOf = ({ current, comparison }: { current: ZonedRange; comparison?: ZonedRange }): CoverageRange[] => [
    { label: "current", from: current.from, to: current.to, at: coverageMoment(current, now) },
    ...(comparison ? [{ label: "comparison", from: comparison.from, to: comparison.to, at: coverageMoment(comparison, now) }] : []),
  ];
  return openPipeline(orgs.map(({ org, periods }) => ({ org, ranges: rangesOf(periods) })), request);
}

function coverage(ctx: PlanInputsForCompute, label: "current" | "comparison", range: ZonedRange, actual: number | null, group?: Group): Measured {
  const { targets, pipeline, allOpenDeals } = ctx.coverage!;
  const target = targetIn(targets, range, targetPicker(ctx.request.filters, group));
  // At the start of a past period nothing was won yet; in the current one, what is left of the plan now.
  const remaining = target === null ? null : range.end.getTime() <= ctx.now.getTime() ? target : Math.max(target - (actual ?? 0), 0);
  const open = pipeline.get(label)?.get(group ? group.key : null);
  const value = allOpenDeals ? (open?.all ?? 0) : (open?.expected ?? 0);
  return {
    value: ratioOrNull(value, remaining),
    inputs: { numerator: value, denominator: remaining },
    plan: { target, actual },
    excluded: { noRate: open?.noRate ?? 0, withoutAmount: open?.withoutAmount ?? 0, ...(allOpenDeals ? {} : { noCloseDate: open?.noCloseDate ?? 0 }) },
  };
}

/** A plan metric's value, comparison and breakdown (by rep, team or time bucket), without its id and unit. */
export function planResult(kind: PlanMeasure, ctx: PlanInputsForCompute): Pick<MetricResult, "value" | "comparison" | "breakdown" | "flags"> & MetricPoint {
  const { current, comparison } = ctx.periods;
  const { filters, breakdown } = ctx.request;
  const source = kind === "coverage" ? ctx.coverage!.revenue : ctx.actual;
  const targets = kind === "coverage" ? ctx.coverage!.targets : ctx.targets;

  const pointFor = (label: "current" | "comparison", range: ZonedRange, dates: Dates, actual: number | null, group?: Group): Measured => {
    if (kind === "share_at_quota") return shareAtQuota(ctx, dates, label === "current" ? ctx.repActuals?.current : ctx.repActuals?.comparison, group);
    if (kind === "coverage") return coverage(ctx, label, range, actual, group);
    return measure(kind, ctx, dates, actual, targetIn(targets, dates, targetPicker(filters, group)));
  };

  const point = pointFor("current", current, current, source.value);
  const compared = comparison ? pointFor("comparison", comparison, comparison, source.comparison?.value ?? null) : undefined;

  let rows: MetricResult["breakdown"];
  if (breakdown === "rep" || breakdown === "team") {
    const by = breakdown;
    const keys = new Set(kind === "share_at_quota" ? [] : (source.breakdown ?? []).map((row) => row.key));
    const pick = targetPicker(filters);
    for (const row of targets) {
      if (row.from < current.from || row.to > current.to || !pick || row.scope === "org") continue;
      if (by === "rep" && row.scope === "rep") keys.add(String(row.repId));
      if (by === "team" && (row.scope === "team" || (row.scope === "rep" && row.teamId === null))) keys.add(String(row.teamId ?? ""));
    }
    if (kind === "coverage") for (const key of ctx.coverage!.pipeline.get("current")?.keys() ?? []) if (key !== null) keys.add(key);
    rows = [...keys].sort().map((key) => ({ key, ...pointFor("current", current, current, groupValue(source, key), { by, key }) }));
  } else if (isTimeBucket(breakdown) && kind !== "share_at_quota" && kind !== "coverage") {
    rows = (source.breakdown ?? []).map((row) => {
      const dates = { from: row.key > current.from ? row.key : current.from, to: [nextBucketStart(row.key, breakdown), current.to].sort()[0]! };
      return { key: row.key, ...measure(kind, ctx, dates, row.value, targetIn(targets, dates, targetPicker(filters))) };
    });
  }

  return {
    ...point,
    ...(compared ? { comparison: { ...compared, delta: changeBetween(point.value, compared.value) } } : {}),
    ...(rows ? { breakdown: rows } : {}),
    flags: { noValue: point.value === null, needsData: [], ...(kind === "coverage" && ctx.coverage!.allOpenDeals ? { allOpenDeals: true } : {}) },
  };
}

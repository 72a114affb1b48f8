import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { Role } from "@/db/schema";
import { resolvePeriod, type ZonedRange } from "@/lib/periods";
import type { LocalDate } from "@/lib/zoned-time";
import { metricDefinition } from "@/server/kpi/catalog";
import { computeMetricsFor } from "@/server/kpi/compute";
import { VIEW_REUSE } from "@/server/kpi/results-cache";
import { loadOrgSettings, type OrgSettings } from "@/server/kpi/org-settings";
import { comparisonRange } from "@/server/kpi/periods";
import { isCustomMetricId, type Breakdown, type MetricFilters } from "@/server/kpi/request";
import type { MetricResult } from "@/server/kpi/results";
import { listCustomMetrics } from "@/server/custom-metrics/custom-metrics";
import { engineComparison, engineFilters, type DashboardFilters } from "./filters";
import { loadFilterOptions, type FilterOptions } from "./options";
import { loadPlanFact, type RepPlanFact } from "./plan-fact";
import { loadRevenuePlan, type RevenuePlan } from "./plan-targets";
import { seriesRange } from "./series-range";
import { canEditDashboard, loadDashboard } from "./store";
import type { Viewer } from "./viewer";
import { engineBreakdown, type Widget } from "./widgets";

export type WidgetData = {
  widget: Widget;
  /** Why the widget has nothing to draw: its metrics are not computed yet, or the engine has no such breakdown. */
  unavailable?: "planned" | "breakdown";
  /** The widget's metrics, in its order. */
  results: MetricResult[];
  /** A rep's personal view: the same metrics for the rep's team (or the whole org), shown beside. */
  team?: MetricResult[];
  /** Time-series widgets: the range they cover, which can be longer than the period. */
  range?: { from: LocalDate; to: LocalDate };
  planFact?: RepPlanFact[];
};

export type RoleDashboard = {
  role: Role;
  viewer: Viewer;
  canEdit: boolean;
  currency: string;
  timeZone: string;
  conversionWindowDays: number;
  filters: DashboardFilters;
  period: { from: LocalDate; to: LocalDate };
  comparisonPeriod: { from: LocalDate; to: LocalDate };
  /** False when the org has no deals at all yet (the page shows onboarding instead). */
  hasDeals: boolean;
  revenuePlan: RevenuePlan;
  options: FilterOptions;
  /** Names of the org's custom metrics by key (`custom.<key>`): their labels, which the catalog's messages lack. */
  customMetricNames: Record<string, string>;
  widgets: WidgetData[];
};

type Member = { orgId: string; isDemo: boolean; role: Role; viewer: Viewer };

/** Widgets that share one engine call: same breakdown, and over the period (with comparison) or a longer series. */
type Group = { breakdown?: Breakdown; series: boolean; metrics: Set<string>; widgets: Widget[] };

const isPlanned = (id: string) => !isCustomMetricId(id) && metricDefinition(id)?.status !== "computed";

/**
 * The dashboard a member opens: their role's widgets (saved for the org, else the catalog default) computed for the
 * filters. Heads and executives see the team, tiles split per rep; a rep sees their own numbers and the team's
 * beside them. Metrics are fetched in one engine call per breakdown group, not one per widget.
 */
export async function getRoleDashboard(db: Db, member: Member, filters: DashboardFilters, now: Date): Promise<RoleDashboard> {
  const { orgId, role, viewer } = member;
  const org = await loadOrgSettings(db, orgId);
  const period = resolvePeriod(filters.period, org.timeZone, now);
  const comparison = comparisonRange(period, engineComparison(filters.compare));
  const ownRep = viewer.scope === "rep" ? viewer.repId : undefined;
  const scoped = engineFilters(filters, ownRep);

  const [{ widgets: saved }, customMetrics, options, hasDeals, revenuePlan] = await Promise.all([
    loadDashboard(db, orgId, role),
    listCustomMetrics(db, orgId),
    loadFilterOptions(db, orgId),
    db.execute<{ found: boolean }>(sql`select exists (select 1 from deals where org_id = ${orgId}) as found`).then((rows) => rows[0]!.found),
    revenuePlanFor(db, orgId, { current: period.current, comparison }, ownRep ?? filters.rep, filters),
  ]);

  // A custom metric deleted since the dashboard was saved leaves its widgets (or goes with a widget of its own).
  const customMetricNames = Object.fromEntries(customMetrics.map((metric) => [metric.key, metric.name]));
  const widgets = saved
    .map((widget) => ({ ...widget, metrics: widget.metrics.filter((id) => !isCustomMetricId(id) || id in customMetricNames) }))
    .filter((widget) => widget.metrics.length > 0);

  const groups = new Map<string, Group>();
  const groupOf = new Map<string, string>();
  for (const widget of widgets) {
    const breakdown = engineBreakdown(widget);
    if (widget.type === "plan_fact" || breakdown === null || widget.metrics.every(isPlanned)) continue;
    const series = widget.type === "line";
    // A head's tiles carry the per-rep split (shown when a number is opened); a rep's are their own.
    const effective = widget.type === "tile" && viewer.scope === "team" ? "rep" : breakdown;
    const key = `${effective ?? ""}:${series}`;
    const group = groups.get(key) ?? { breakdown: effective, series, metrics: new Set<string>(), widgets: [] };
    widget.metrics.forEach((id) => group.metrics.add(id));
    group.widgets.push(widget);
    groups.set(key, group);
    groupOf.set(widget.id, key);
  }

  const compute = (group: Group, engine: MetricFilters) => {
    const current = group.series ? seriesRange(period.current, group.breakdown, org.timeZone) : period.current;
    const periods = group.series ? { current } : { current, comparison };
    return computeMetricsFor(db, org, periods, { metrics: [...group.metrics], filters: engine, breakdown: group.breakdown, medians: "headline" }, now, VIEW_REUSE).then(
      (response) => ({ response, current }),
    );
  };
  const entries = [...groups.entries()];
  const computed = new Map(await Promise.all(entries.map(async ([key, group]) => [key, await compute(group, scoped)] as const)));
  const teamTiles = viewer.scope === "rep" ? await computeTeamTiles(db, org, period.current, comparison, widgets, filters, viewer, now) : undefined;
  const planFact = widgets.some((w) => w.type === "plan_fact") ? await loadPlanFact(db, org, period.current) : undefined;

  const data = widgets.map((widget): WidgetData => {
    if (widget.type === "plan_fact") {
      // A chosen rep's row only; a chosen team's managers (by their team during the period).
      const shownRep = ownRep ?? filters.rep;
      const rows = planFact!.filter((row) => (shownRep === undefined || row.repId === shownRep) && (filters.team === undefined || row.teamId === filters.team));
      return { widget, results: [], planFact: rows };
    }
    if (engineBreakdown(widget) === null) return { widget, results: [], unavailable: widget.metrics.every(isPlanned) ? "planned" : "breakdown" };
    const key = groupOf.get(widget.id);
    if (key === undefined) return { widget, results: [], unavailable: "planned" };
    const { response, current } = computed.get(key)!;
    const pick = (results: MetricResult[]) => widget.metrics.map((id) => results.find((r) => r.id === id)!);
    return {
      widget,
      results: pick(response.metrics),
      ...(teamTiles && widget.type === "tile" ? { team: pick(teamTiles) } : {}),
      ...(widget.type === "line" ? { range: { from: current.from, to: current.to } } : {}),
    };
  });

  const dates = ({ from, to }: ZonedRange) => ({ from, to });
  return {
    role,
    viewer,
    canEdit: canEditDashboard(role, role, { isDemo: member.isDemo }),
    currency: org.currency,
    timeZone: org.timeZone,
    conversionWindowDays: org.conversionWindowDays,
    filters,
    period: dates(period.current),
    comparisonPeriod: dates(comparison),
    hasDeals,
    revenuePlan,
    options,
    customMetricNames,
    widgets: data,
  };
}

/** A rep's tiles for the rep's team (the whole org when the rep has no team), with the other filters kept. */
async function computeTeamTiles(
  db: Db,
  org: OrgSettings,
  current: ZonedRange,
  comparison: ZonedRange,
  widgets: Widget[],
  filters: DashboardFilters,
  viewer: Extract<Viewer, { scope: "rep" }>,
  now: Date,
): Promise<MetricResult[]> {
  const metrics = [...new Set(widgets.filter((w) => w.type === "tile").flatMap((w) => w.metrics))];
  if (metrics.length === 0) return [];
  const team = { ...engineFilters({ ...filters, rep: undefined, team: viewer.teamId ?? undefined }) };
  const response = await computeMetricsFor(db, org, { current, comparison }, { metrics, filters: team, medians: "headline" }, now, VIEW_REUSE);
  return response.metrics;
}

/**
 * The revenue target beside the revenue tile, for the numbers the tile shows: one rep's quotas when it shows one rep
 * (a rep's own view, or a rep chosen in the filters); none when it shows a team, pipeline or channel, which the org's
 * plan does not describe (plan_attainment gives a team's against its own target).
 */
async function revenuePlanFor(db: Db, orgId: string, ranges: { current: ZonedRange; comparison: ZonedRange }, repId: number | undefined, filters: DashboardFilters): Promise<RevenuePlan> {
  if (repId !== undefined) return loadRevenuePlan(db, orgId, ranges, repId);
  if (filters.team !== undefined || filters.pipeline !== undefined || filters.channel !== undefined) return { current: null, comparison: null };
  return loadRevenuePlan(db, orgId, ranges);
}

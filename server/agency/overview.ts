import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { organizations, type Organization } from "@/db/schema";
import { addDays, addMonths, monthStart, resolvePeriod, zonedRange, type PeriodInput } from "@/lib/periods";
import type { LocalDate } from "@/lib/zoned-time";
import { computeMetricsForOrgs, type MetricsResponse, type Periods } from "@/server/kpi/compute";
import { VIEW_REUSE } from "@/server/kpi/results-cache";
import { coverageOfReachedPlan, type MetricResult } from "@/server/kpi/results";
import { loadDataHealth, type DataHealth } from "./data-health";

/** The overview's columns, all from the KPI engine, so each equals the client's own dashboard. */
export const overviewMetrics = ["revenue_won", "plan_attainment", "leads_created", "win_rate", "conv_lead_won", "pipeline_coverage"] as const;
type OverviewMetric = (typeof overviewMetrics)[number];

const TREND_MONTHS = 6;
const SYNC_QUIET_MS = 24 * 60 * 60 * 1000;

export type DataWarning =
  | { kind: "no_recent_sync"; since: Date | null }
  | { kind: "last_sync_failed" }
  | { kind: "won_without_amount"; count: number }
  | { kind: "won_without_rate"; count: number }
  | { kind: "unmapped_stages"; count: number };

export type ClientOverview = {
  slug: string;
  name: string;
  currency: string;
  values: Record<OverviewMetric, number | null>;
  /** The revenue target behind plan_attainment, when the engine reports it. */
  planTarget: number | null;
  /** pipeline_coverage has no value because the period's plan is already reached (not for want of data). */
  coveragePlanReached: boolean;
  /** Revenue won per month, the period's last month and the five before it. */
  trend: { month: LocalDate; revenue: number }[];
  health: DataHealth;
  warnings: DataWarning[];
};

export type AgencyOverview = { period: { from: LocalDate; to: LocalDate }; clients: ClientOverview[] };

function warningsOf(health: DataHealth, revenue: MetricResult | undefined, now: Date): DataWarning[] {
  const warnings: DataWarning[] = [];
  if (health.hasCrmSource && (!health.crmLastSyncedAt || now.getTime() - health.crmLastSyncedAt.getTime() > SYNC_QUIET_MS)) {
    warnings.push({ kind: "no_recent_sync", since: health.crmLastSyncedAt });
  }
  if (health.lastRunStatus === "failed") warnings.push({ kind: "last_sync_failed" });
  const withoutAmount = revenue?.excluded?.withoutAmount ?? 0;
  if (withoutAmount > 0) warnings.push({ kind: "won_without_amount", count: withoutAmount });
  const noRate = revenue?.excluded?.noRate ?? 0;
  if (noRate > 0) warnings.push({ kind: "won_without_rate", count: noRate });
  if (health.unmappedStages > 0) warnings.push({ kind: "unmapped_stages", count: health.unmappedStages });
  return warnings;
}

/** One client's row from the engine's results for it: the period's metrics and the monthly revenue trend. */
function clientRow(client: Organization, current: MetricsResponse, trend: MetricsResponse, health: DataHealth, now: Date): ClientOverview {
  const metric = (id: OverviewMetric) => current.metrics.find((m) => m.id === id);
  const values = Object.fromEntries(overviewMetrics.map((id) => [id, metric(id)?.value ?? null])) as ClientOverview["values"];
  return {
    slug: client.slug,
    name: client.name,
    currency: client.currency,
    values,
    planTarget: metric("plan_attainment")?.plan?.target ?? null,
    coveragePlanReached: coverageOfReachedPlan(metric("pipeline_coverage")!),
    trend: (trend.metrics[0]?.breakdown ?? []).map((b) => ({ month: b.key, revenue: b.value ?? 0 })),
    health,
    warnings: warningsOf(health, metric("revenue_won"), now),
  };
}

/**
 * Every client of the agency for one period, by name, each in its own time zone and currency. The numbers come
 * from the KPI engine's computeMetricsForOrgs: one call for the period's metrics of all clients and one for their
 * six-month revenue trends, each a constant number of queries whatever the number of clients; sync state and
 * unmapped stages for all clients come from one query.
 */
export async function agencyOverview(db: Db, agency: Pick<Organization, "id" | "timeZone">, input: PeriodInput, now: Date): Promise<AgencyOverview> {
  const clients = await db.select().from(organizations).where(eq(organizations.agencyOrgId, agency.id)).orderBy(asc(organizations.name));
  const periods = new Map<string, Periods>();
  const trendPeriods = new Map<string, Periods>();
  for (const client of clients) {
    const period = resolvePeriod(input, client.timeZone, now);
    const lastMonth = monthStart(addDays(period.current.to, -1));
    periods.set(client.id, { current: period.current });
    trendPeriods.set(client.id, { current: zonedRange(addMonths(lastMonth, 1 - TREND_MONTHS), addMonths(lastMonth, 1), client.timeZone) });
  }
  const [health, current, trend] = await Promise.all([
    loadDataHealth(db, clients.map((c) => c.id)),
    computeMetricsForOrgs(db, clients, periods, { metrics: [...overviewMetrics] }, now, VIEW_REUSE),
    computeMetricsForOrgs(db, clients, trendPeriods, { metrics: ["revenue_won"], breakdown: "month" }, now, VIEW_REUSE),
  ]);
  const rows = clients.map((client) => clientRow(client, current.get(client.id)!, trend.get(client.id)!, health.get(client.id)!, now));
  const { current: range } = resolvePeriod(input, agency.timeZone, now);
  return { period: { from: range.from, to: addDays(range.to, -1) }, clients: rows };
}

import type { ZonedRange } from "@/lib/periods";
import { localDateAt } from "@/lib/zoned-time";
import type { MetricQuery, MetricsResponse } from "./compute";
import type { OrgSettings } from "./org-settings";
import type { CoverageStats, OpenPipelineLoader } from "./open-pipeline";
import { ratioOrNull } from "./ratios";
import type { MetricRequest } from "./request";
import type { MetricPoint, MetricResult } from "./results";

const DAY_MS = 86_400_000;
/** sales_velocity's averages are taken over this many days ending at the snapshot (kpi-catalog). */
export const VELOCITY_WINDOW_DAYS = 90;

type Compute = (periods: { current: ZonedRange }, query: MetricQuery) => Promise<MetricsResponse>;

export type VelocityInputs = {
  /** avg_deal_size, win_rate and time_to_win over the 90 days ending at the snapshot. */
  averages: MetricResult[];
  open: CoverageStats;
  snapshot: Date;
};

/** The snapshot (period end, or now) and the window of averages before it, in the org's calendar. */
export async function loadVelocityInputs(
  openPipeline: OpenPipelineLoader,
  org: OrgSettings,
  period: ZonedRange,
  request: Pick<MetricRequest, "filters" | "breakdown">,
  now: Date,
  compute: Compute,
): Promise<VelocityInputs> {
  const snapshot = new Date(Math.min(period.end.getTime(), now.getTime()));
  const start = new Date(snapshot.getTime() - VELOCITY_WINDOW_DAYS * DAY_MS);
  const window: ZonedRange = { from: localDateAt(start, org.timeZone), to: localDateAt(snapshot, org.timeZone), start, end: snapshot };
  const breakdown = request.breakdown === "rep" || request.breakdown === "team" ? request.breakdown : undefined;
  const [averages, open] = await Promise.all([
    compute({ current: window }, { metrics: ["avg_deal_size", "win_rate", "time_to_win"], filters: request.filters, breakdown, medians: "none" }),
    openPipeline([{ org, ranges: [{ label: "current", from: period.from, to: period.to, at: snapshot }] }], { filters: request.filters, breakdown }).then((byOrg) => byOrg.get(org.id)!),
  ]);
  return { averages: averages.metrics, open, snapshot };
}

/**
 * sales_velocity (money per calendar day): open qualified deals at the snapshot × avg_deal_size × win_rate ÷ mean
 * time_to_win; and velocity_forecast: that × calendar days left in the period + revenue won in it so far.
 */
export function velocityResult(
  measure: "velocity" | "forecast",
  inputs: VelocityInputs,
  period: ZonedRange,
  revenue: MetricResult | undefined,
  breakdown: MetricRequest["breakdown"],
  now: Date,
): Pick<MetricResult, "value" | "breakdown" | "flags" | "parts" | "inputs"> {
  const [avgDealSize, winRate, timeToWin] = inputs.averages;
  const daysLeft = Math.max(0, period.end.getTime() - Math.max(now.getTime(), period.start.getTime())) / DAY_MS;
  const valueOf = (result: MetricResult | undefined, group?: string) =>
    group === undefined ? (result?.value ?? null) : (result?.breakdown?.find((row) => row.key === group)?.value ?? null);

  const pointFor = (group?: string): MetricPoint & Pick<MetricResult, "parts"> => {
    const openDeals = inputs.open.get("current")?.get(group ?? null)?.n ?? 0;
    const size = valueOf(avgDealSize, group);
    const rate = valueOf(winRate, group);
    const days = valueOf(timeToWin, group);
    const numerator = size === null || rate === null ? null : openDeals * size * rate;
    const velocity = ratioOrNull(numerator, days);
    const parts = { openQualifiedDeals: openDeals, avgDealSize: size, winRate: rate, daysToWin: days };
    if (measure === "velocity") return { value: velocity, inputs: { numerator, denominator: days }, parts };
    const won = group === undefined ? (revenue?.value ?? 0) : (revenue?.breakdown?.find((row) => row.key === group)?.value ?? 0);
    // A finished period needs no velocity: its forecast is what it won.
    const value = daysLeft === 0 ? won : velocity === null ? null : velocity * daysLeft + won;
    return { value, parts: { ...parts, velocity, daysLeft, revenueWon: won } };
  };

  const point = pointFor();
  const groups =
    breakdown === "rep" || breakdown === "team"
      ? [...new Set([...(inputs.open.get("current")?.keys() ?? []), ...(avgDealSize?.breakdown ?? []).map((row) => row.key)])].filter((key): key is string => key !== null).sort()
      : undefined;
  return {
    ...point,
    ...(groups ? { breakdown: groups.map((key) => ({ key, ...pointFor(key) })) } : {}),
    flags: { noValue: point.value === null, needsData: [] },
  };
}

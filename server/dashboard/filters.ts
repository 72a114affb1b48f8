import { z } from "zod";
import { parsePeriodSearchParams, ZPeriodInput } from "@/lib/periods";
import type { Comparison, MetricFilters } from "@/server/kpi/request";

export const dashboardComparisons = ["previous", "year_ago"] as const;
export type DashboardComparison = (typeof dashboardComparisons)[number];

const id = z.coerce.number().int().positive().optional();

/** The dashboard's global filters, as the URL carries them (?period&from&to&compare&team&rep&pipeline&channel). */
export const ZDashboardFilters = z.object({
  period: ZPeriodInput,
  compare: z.enum(dashboardComparisons).default("previous"),
  team: id,
  rep: id,
  pipeline: id,
  channel: id,
});
export type DashboardFilters = z.output<typeof ZDashboardFilters>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** Filters named by page search params; an invalid one is dropped, not an error (a shared link stays usable). */
export function parseDashboardSearchParams(params: Record<string, string | string[] | undefined>): DashboardFilters {
  const pick = <T>(schema: z.ZodType<T>, value: unknown, fallback: T): T => {
    const parsed = schema.safeParse(value);
    return parsed.success ? parsed.data : fallback;
  };
  return {
    period: parsePeriodSearchParams(params),
    compare: pick(z.enum(dashboardComparisons), first(params.compare), "previous"),
    team: pick(id, first(params.team), undefined),
    rep: pick(id, first(params.rep), undefined),
    pipeline: pick(id, first(params.pipeline), undefined),
    channel: pick(id, first(params.channel), undefined),
  };
}

/** The engine's filters for the dashboard's; `ownRep` (a rep's personal view) replaces any rep chosen in the URL. */
export function engineFilters(filters: DashboardFilters, ownRep?: number): MetricFilters {
  const one = (value: number | undefined) => (value === undefined ? undefined : [value]);
  return {
    repIds: one(ownRep ?? filters.rep),
    teamIds: ownRep === undefined ? one(filters.team) : undefined,
    pipelineIds: one(filters.pipeline),
    channelIds: one(filters.channel),
  };
}

export const engineComparison = (compare: DashboardComparison): Comparison => (compare === "previous" ? "previous_period" : "year_ago");

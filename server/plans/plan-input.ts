import { z } from "zod";
import { customMetricKeyPattern } from "@/server/custom-metrics/custom-metric-input";

/** Catalog metrics a plan can be set for; the org's custom metrics (`custom.<key>`) can have plans too. */
export const planMetrics = ["revenue_won", "deals_won", "meetings_held", "leads_qualified", "calls_made"] as const;
export type CatalogPlanMetric = (typeof planMetrics)[number];
export const ZPlanMetric = z.union([z.enum(planMetrics), z.string().regex(customMetricKeyPattern)], "plans.errors.metric");
export type PlanMetric = z.output<typeof ZPlanMetric>;
export const isCatalogPlanMetric = (metric: string): metric is CatalogPlanMetric => (planMetrics as readonly string[]).includes(metric);

export const planPeriodKinds = ["month", "quarter"] as const;
export type PlanPeriodKind = (typeof planPeriodKinds)[number];

const ZYear = z.number().int().min(2000).max(2100);

export const ZPlanGridQuery = z.object({
  metric: ZPlanMetric,
  periodKind: z.enum(planPeriodKinds),
  year: ZYear,
});
export type PlanGridQuery = z.output<typeof ZPlanGridQuery>;

/** A target: a non-negative amount with at most two decimals; null clears the cell. */
export const ZPlanTarget = z
  .number({ message: "plans.errors.notANumber" })
  .min(0, { message: "plans.errors.negative" })
  .max(1e15, { message: "plans.errors.tooLarge" })
  .refine((value) => Math.abs(Math.round(value * 100) - value * 100) < 1e-6, { message: "plans.errors.tooManyDecimals" })
  .nullable();

export const ZPlanCell = z.object({
  scope: z.enum(["rep", "team", "org"]),
  repId: z.number().int().positive().optional(),
  teamId: z.number().int().positive().optional(),
  periodStart: z.iso.date(),
  target: ZPlanTarget,
});
export type PlanCellInput = z.output<typeof ZPlanCell>;

export const ZSavePlanCells = z.object({
  metric: ZPlanMetric,
  periodKind: z.enum(planPeriodKinds),
  cells: z.array(ZPlanCell).min(1).max(2000),
});
export type SavePlanCellsInput = z.output<typeof ZSavePlanCells>;

/** First days of the year's months or quarters. */
export function planPeriodStarts(periodKind: PlanPeriodKind, year: number): string[] {
  const step = periodKind === "month" ? 1 : 3;
  const starts: string[] = [];
  for (let month = 1; month <= 12; month += step) starts.push(`${year}-${String(month).padStart(2, "0")}-01`);
  return starts;
}

/** Whether a date starts a month (or a quarter, for quarter plans). */
export function isPlanPeriodStart(periodKind: PlanPeriodKind, date: string): boolean {
  const year = Number(date.slice(0, 4));
  return planPeriodStarts(periodKind, year).includes(date);
}

import { z } from "zod";
import { funnelSteps, roles } from "@/db/schema";

/** Stage name (as normalizeStageName leaves it) → funnel step: a client's mapping, matched by name in other clients. */
export const ZStageMappingPayload = z.object({
  steps: z.array(z.object({ name: z.string(), step: z.enum(funnelSteps) })),
});

/** The client's role dashboards, as saved by its admins. */
export const ZDashboardsPayload = z.object({
  dashboards: z.array(z.object({ role: z.enum(roles), widgets: z.array(z.unknown()) })),
});

/**
 * Monthly organization-level targets per catalog metric, taken from the client's latest planned month: its org
 * target where set, else the sum of its reps' targets. Money targets are in `currency`.
 */
export const ZPlansPayload = z.object({
  currency: z.string(),
  month: z.string(),
  targets: z.array(z.object({ metric: z.string(), target: z.number() })),
});

export type StageMappingPayload = z.output<typeof ZStageMappingPayload>;
export type DashboardsPayload = z.output<typeof ZDashboardsPayload>;
export type PlansPayload = z.output<typeof ZPlansPayload>;

/** Stage names match ignoring case, surrounding and repeated spaces, and "ё" against "е". */
export function normalizeStageName(name: string): string {
  return name.trim().toLowerCase().replace(/ё/g, "е").replace(/\s+/g, " ");
}

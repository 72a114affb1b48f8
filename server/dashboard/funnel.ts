import type { Db } from "@/db/client";
import type { ZonedRange } from "@/lib/periods";
import { loadCohortStats } from "@/server/kpi/load-stats";
import type { OrgSettings } from "@/server/kpi/org-settings";
import { cohortMaturing } from "@/server/kpi/periods";
import { ratioOrNull } from "@/server/kpi/ratios";
import { emptyCohortStats } from "@/server/kpi/results";

/** Steps the head of sales reads the funnel by (negotiation is on the ladder but not shown). */
export const funnelDisplaySteps = ["lead", "qualified", "meeting_scheduled", "meeting_held", "proposal", "won", "fulfilled"] as const;
type DisplayStep = (typeof funnelDisplaySteps)[number];

export type FunnelStepRow = { step: DisplayStep; deals: number; fromPrevious: number | null; fromLead: number | null };

export type Funnel = {
  steps: FunnelStepRow[];
  /** Days after creation within which steps count (the org's conversion window). */
  windowDays: number;
  /** The window of the cohort's last deals has not closed yet, so the numbers may still grow. */
  maturing: boolean;
};

/** Of the deals created in `range`, how many reached each step within the conversion window (the engine's cohort), with conversions. */
export async function loadFunnel(db: Db, org: OrgSettings, range: ZonedRange, now: Date): Promise<Funnel> {
  const cohorts = await loadCohortStats(db, { org, ranges: [{ label: "cohort", ...range }] });
  const counts = cohorts.get("cohort")?.total ?? emptyCohortStats();
  const steps = funnelDisplaySteps.map((step, i) => {
    const deals = counts[step];
    const previous = i === 0 ? null : counts[funnelDisplaySteps[i - 1]!];
    return { step, deals, fromPrevious: i === 0 ? null : ratioOrNull(deals, previous), fromLead: i === 0 ? null : ratioOrNull(deals, counts.lead) };
  });
  return { steps, windowDays: org.conversionWindowDays, maturing: cohortMaturing(range, org.conversionWindowDays, now) };
}

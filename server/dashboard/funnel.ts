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

export type MetricUnit = "count" | "money" | "percent" | "duration" | "ratio";
export type MetricDirection = "up_is_good" | "down_is_good";

/** Data a metric reads; an org without it gets "needs data: …" instead of a number. */
export type DataNeed =
  | "deals"
  | "stage_history"
  | "owner_history"
  | "activities"
  | "email_tracking"
  | "call_recordings"
  | "spend"
  | "sessions"
  | "quotas"
  | "customers"
  | "margin"
  | "loss_reasons"
  | "expected_close_dates"
  | "win_probabilities"
  | "custom_values"
  /** Imported subscriptions (ltv's subscription method); the data model has none yet. */
  | "subscriptions";

/** Deal and activity events counted by the event-based metrics (see sql/events.ts). */
export type EventKind =
  | "created"
  | "qualified"
  | "meeting_scheduled"
  | "meeting_held"
  | "proposal"
  | "won"
  | "fulfilled"
  | "lost"
  | "call"
  | "meeting"
  | "demo"
  | "email"
  | "meeting_booked"
  | "meeting_attended"
  | "follow_up_meeting";

export const activityEventKinds = ["call", "meeting", "demo", "email", "meeting_booked", "meeting_attended", "follow_up_meeting"] as const satisfies EventKind[];

/** Aggregates of the events of one kind in one period (and one breakdown group). */
export type EventStats = {
  n: number;
  amountSum: number;
  /** Events with an amount in the org currency (the base of averages). */
  amountN: number;
  noRate: number;
  withoutAmount: number;
  marginSum: number;
  /** Revenue of the events whose margin is known (the base of avg_margin). */
  marginBase: number;
  withoutMargin: number;
  withCustomer: number;
  customers: number;
  /** Events of deals that had reached `qualified` (opportunities). */
  qualifiedN: number;
  /** Events of deals lost for a reason marked winnable. */
  winnableN: number;
  /** Opportunities (qualifiedN) whose channel's leads are provided by the company, and self-sourced ones. */
  providedQualifiedN: number;
  selfQualifiedN: number;
  /** E-mails delivered, and of those opened, replied, replied positively and negatively. */
  deliveredN: number;
  openedN: number;
  repliedN: number;
  positiveN: number;
  negativeN: number;
  /** Calls: mean talk ÷ (talk + listen) over calls with the data, and mean review score over reviewed calls. */
  talkRatioMean: number | null;
  talkRatioN: number;
  qualityMean: number | null;
  qualityN: number;
  /** Mean and median days from the deal's creation to the event (deal events; null without any). */
  daysMean: number | null;
  daysMedian: number | null;
  /** Event counts per loss reason id ("none" without a reason); lost events only. */
  byReason: Record<string, number>;
};

/** Of the deals created in one period (a cohort), how many reached each step within the conversion window. */
export type CohortCounts = {
  lead: number;
  qualified: number;
  meeting_scheduled: number;
  meeting_held: number;
  proposal: number;
  won: number;
  fulfilled: number;
};
export type CohortStep = keyof CohortCounts;

/** Cohort counts, and (when asked) the first outbound response to its leads: answered, mean and median minutes. */
export type CohortStats = CohortCounts & {
  answered: number;
  responseMean: number | null;
  responseMedian: number | null;
  /** Leads with an outbound activity by now, and of them the ones that reached meeting_scheduled within the window. */
  followedUp: number;
  followedUpMeeting: number;
};

/** What a computed metric yields from its base for one period and group. */
export type MetricValue = {
  value: number | null;
  /** Durations: the median beside the mean in `value`. */
  median?: number | null;
  numerator?: number | null;
  denominator?: number | null;
  excluded?: {
    noRate?: number;
    withoutAmount?: number;
    withoutMargin?: number;
    withoutCustomer?: number;
    unanswered?: number;
    /** pipeline_coverage: open qualified deals with no expected close date, counted beside the value. */
    noCloseDate?: number;
  };
  split?: Record<string, number>;
};

export type CountingSettings = { meetingCounting: "stage" | "activity" };

/** Marketing spend (org currency) and website sessions in one period and group. */
export type MarketingStats = { spend: number; sessions: number };

/** Open deals at a snapshot moment. */
export type SnapshotStats = { n: number; amountSum: number; noRate: number; withoutAmount: number; stale: number };

export type MetricSource =
  | {
      base: "events";
      kinds: (settings: CountingSettings) => EventKind[];
      /** The metric reads daysMedian / customers / byReason (each costs a sort or grouping sets, so only when asked). */
      medians?: true;
      customers?: true;
      reasons?: true;
      compute: (stats: (kind: EventKind) => EventStats, settings: CountingSettings) => MetricValue;
    }
  | { base: "cohort"; responses?: true; followUps?: true; compute: (stats: CohortStats) => MetricValue }
  | { base: "snapshot"; stale?: true; compute: (stats: SnapshotStats) => MetricValue }
  /** Events set against marketing spend and sessions of the same days (only by channel or time bucket). */
  | {
      base: "marketing";
      kinds: (settings: CountingSettings) => EventKind[];
      compute: (stats: (kind: EventKind) => EventStats, marketing: MarketingStats, settings: CountingSettings) => MetricValue;
    }
  /** sales_velocity and velocity_forecast (see velocity.ts). */
  | { base: "velocity"; measure: "velocity" | "forecast" }
  /** revenue_growth: revenue won against the period just before (see compute.ts). */
  | { base: "growth" }
  /** ltv and ltv_cac (see ltv.ts). */
  | { base: "ltv"; measure: "ltv" | "ltv_cac" }
  /** Customer metrics (see customers.ts). */
  | { base: "customers"; measure: CustomerMeasure }
  /** deals_by_channel: won deals and revenue per channel (see compute.ts). */
  | { base: "by_channel" }
  /** Per-stage metrics (see stages.ts). */
  | { base: "stages"; measure: StageMeasure }
  /** Plan vs. actual of the request's plan metric (see plans.ts). */
  | { base: "plan"; measure: PlanMeasure };

export type CustomerMeasure = "new" | "cac" | "repeat_sales" | "retention" | "churn" | "churn_by_rep" | "abc" | "acquisition";

export type StageMeasure = "duration" | "conversion" | "open";

export type PlanMeasure = "attainment" | "remaining" | "run_rate" | "share_at_quota" | "coverage";

type DefinitionBase = {
  id: string;
  /** Message keys in the kpi namespace: `metrics.<id>.label` and `metrics.<id>.formula`. */
  labelKey: string;
  formulaKey: string;
  unit: MetricUnit;
  /** Durations are in fractional days unless a metric says minutes. */
  durationIn?: "minutes";
  direction: MetricDirection;
  needs: DataNeed[];
};

export type MetricDefinition =
  | (DefinitionBase & { status: "computed"; source: MetricSource })
  | (DefinitionBase & { status: "planned" });

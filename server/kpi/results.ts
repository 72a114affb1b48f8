import type { Change } from "./ratios";
import type { CohortStats, DataNeed, EventKind, EventStats, MetricDirection, MetricUnit, MetricValue, SnapshotStats } from "./types";

export type MetricInputs = { numerator: number | null; denominator: number | null };

/** What a plan metric compared: the target, the actual so far and, for the run rate, the working days. */
export type PlanInputs = {
  target: number | null;
  actual: number | null;
  workingDaysElapsed?: number;
  workingDaysInPeriod?: number;
};

/** share_at_quota: below 60% targets are too high, above 90% too low (kpi-catalog). */
export type QuotaBand = "targets_too_high" | "healthy" | "targets_too_low";

export type MetricPoint = {
  /** null = no value (shown as "—"): a zero denominator, missing data or a planned metric; never 0 or NaN. */
  value: number | null;
  /** Durations: the median beside the mean in `value`. */
  median?: number | null;
  inputs?: MetricInputs;
  /** Records left out: no exchange rate, no amount, no margin, no customer. */
  excluded?: MetricValue["excluded"];
  /** deals_lost: counts per loss reason id ("none" without a reason). */
  split?: Record<string, number>;
  /** Money beside a count: revenue of deals_by_channel and repeat sales, lifetime revenue of churned customers. */
  amount?: number;
  /** Plan metrics: target and actual behind the value. */
  plan?: PlanInputs;
  /** Metrics made of several measures (sales_velocity, velocity_forecast): each of them, for "explain". */
  parts?: Record<string, number | null>;
  band?: QuotaBand;
};

/** Per-stage metrics: one row per stage of the org's pipelines, in pipeline and stage order. */
export type StageRow = MetricPoint & {
  /** The stage id as text ("" for open deals without a stage). */
  key: string;
  stageId: number | null;
  pipelineId: number | null;
  name: string | null;
  position: number | null;
  step: string | null;
  /** stage_duration: deals that left the stage in the period; deals_by_stage: not used (the value is the count). */
  count?: number;
  /** stage_duration: deals in the stage at the snapshot, with days in it so far ("stuck so far"). */
  stuck?: { count: number; mean: number | null; median: number | null };
};

export type MetricResult = MetricPoint & {
  id: string;
  unit: MetricUnit;
  durationIn?: "minutes";
  direction: MetricDirection;
  status: "computed" | "planned";
  /** Custom metrics (`custom.<key>`): the name the org gave it. */
  name?: string;
  /** ltv, ltv_cac: the org's LTV method, shown beside the number. */
  method?: "history" | "subscription";
  /** Plan metrics: the metric whose quotas they measure (request.planMetric, default revenue_won). */
  planMetric?: string;
  comparison?: MetricPoint & { delta: Change };
  /** Per breakdown group: a rep, team, pipeline or channel id ("" for none), or the first day of a time bucket. */
  breakdown?: (MetricPoint & { key: string })[];
  /** stage_duration, conv_stage_to_stage, deals_by_stage: the value per stage. */
  stages?: StageRow[];
  flags: {
    /** A ratio whose denominator is zero. */
    noValue: boolean;
    /** The org lacks this data, so the metric has no value: "needs data: …". */
    needsData: DataNeed[];
    /** Cohort conversions: the conversion window of the period's latest deals has not closed yet. */
    maturing?: boolean;
    /** pipeline_coverage: the org's CRM gives no expected close dates, so every open qualified deal counts. */
    allOpenDeals?: boolean;
  };
};

/** pipeline_coverage of a plan already reached: nothing is left to cover, so there is no ratio (not "no data"). */
export const coverageOfReachedPlan = (result: MetricResult): boolean =>
  result.id === "pipeline_coverage" && result.inputs?.denominator === 0 && (result.plan?.target ?? 0) > 0;

export const emptyEventStats = (): EventStats => ({
  n: 0, amountSum: 0, amountN: 0, noRate: 0, withoutAmount: 0, marginSum: 0, marginBase: 0,
  withoutMargin: 0, withCustomer: 0, customers: 0, qualifiedN: 0, winnableN: 0, providedQualifiedN: 0, selfQualifiedN: 0,
  deliveredN: 0, openedN: 0, repliedN: 0, positiveN: 0, negativeN: 0, talkRatioMean: null, talkRatioN: 0, qualityMean: null, qualityN: 0,
  daysMean: null, daysMedian: null, byReason: {},
});

export const emptyCohortStats = (): CohortStats => ({
  lead: 0, qualified: 0, meeting_scheduled: 0, meeting_held: 0, proposal: 0, won: 0, fulfilled: 0,
  answered: 0, responseMean: null, responseMedian: null, followedUp: 0, followedUpMeeting: 0,
});

export const emptySnapshotStats = (): SnapshotStats => ({ n: 0, amountSum: 0, noRate: 0, withoutAmount: 0, stale: 0 });

/** Event stats of one period and group, by kind. */
export type EventStatsByKind = Map<EventKind, EventStats>;

export function toPoint(computed: MetricValue): MetricPoint {
  return {
    value: computed.value,
    ...("median" in computed ? { median: computed.median ?? null } : {}),
    ...("numerator" in computed ? { inputs: { numerator: computed.numerator ?? null, denominator: computed.denominator ?? null } } : {}),
    ...(computed.excluded ? { excluded: computed.excluded } : {}),
    ...(computed.split ? { split: computed.split } : {}),
  };
}

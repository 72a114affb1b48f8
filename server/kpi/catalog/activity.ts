import { ratioOrNull } from "../ratios";
import type { EventKind, EventStats, MetricSource, MetricValue } from "../types";
import { computed, eventCount, ratio } from "./define";

/** A measure of the period's activity events of one kind (e-mails sent, calls made). */
const ofActivities = (kind: EventKind, compute: (stats: EventStats) => MetricValue): MetricSource => ({
  base: "events",
  kinds: () => [kind],
  compute: (stats) => compute(stats(kind)),
});

/** Reps' work: activities in the period, credited to the rep who performed them (kpi-catalog **Activity**). */
export const activityMetrics = [
  computed("calls_made", { unit: "count", needs: ["activities"] }, eventCount("call")),
  computed("meetings_count", { unit: "count", needs: ["activities"] }, eventCount("meeting")),
  computed("demos_count", { unit: "count", needs: ["activities"] }, eventCount("demo")),
  computed("emails_sent", { unit: "count", needs: ["activities"] }, eventCount("email")),
  computed("follow_up_meetings", { unit: "count", needs: ["activities"] }, eventCount("follow_up_meeting")),
  computed(
    "response_time",
    { unit: "duration", durationIn: "minutes", direction: "down_is_good", needs: ["deals", "activities"] },
    {
      base: "cohort",
      responses: true,
      compute: (cohort) => ({
        value: cohort.responseMean,
        median: cohort.responseMedian,
        excluded: { unanswered: cohort.lead - cohort.answered },
      }),
    },
  ),
  computed(
    "leads_followed_up",
    { unit: "percent", needs: ["deals", "activities"] },
    { base: "cohort", followUps: true, compute: (cohort) => ratio(cohort.followedUp, cohort.lead) },
  ),
  computed(
    "stale_deals",
    { unit: "count", direction: "down_is_good", needs: ["deals", "activities"] },
    { base: "snapshot", stale: true, compute: (open) => ({ value: open.stale }) },
  ),
  computed(
    "meeting_acceptance",
    { unit: "percent", needs: ["deals", "activities", "stage_history"] },
    { base: "cohort", followUps: true, compute: (cohort) => ratio(cohort.followedUpMeeting, cohort.followedUp) },
  ),
  computed("email_open_rate", { unit: "percent", needs: ["activities", "email_tracking"] }, ofActivities("email", (e) => ratio(e.openedN, e.deliveredN))),
  computed("email_reply_rate", { unit: "percent", needs: ["activities", "email_tracking"] }, ofActivities("email", (e) => ratio(e.repliedN, e.deliveredN))),
  computed(
    "email_positive_rate",
    { unit: "percent", needs: ["activities", "email_tracking"] },
    ofActivities("email", (e) => {
      const positiveToNegative = ratioOrNull(e.positiveN, e.negativeN);
      return { ...ratio(e.positiveN, e.deliveredN), ...(positiveToNegative === null ? {} : { split: { positive_to_negative: positiveToNegative } }) };
    }),
  ),
  computed("emails_delivered", { unit: "count", needs: ["activities", "email_tracking"] }, ofActivities("email", (e) => ({ value: e.deliveredN }))),
  computed(
    "talk_listen_ratio",
    { unit: "ratio", needs: ["activities", "call_recordings"] },
    ofActivities("call", (c) => ({ value: c.talkRatioMean, numerator: c.talkRatioN, denominator: c.n })),
  ),
  computed("call_quality", { unit: "count", needs: ["activities", "call_recordings"] }, ofActivities("call", (c) => ({ value: c.qualityMean }))),
  computed("customer_acquisition_rate", { unit: "percent", needs: ["customers", "activities"] }, { base: "customers", measure: "acquisition" }),
];

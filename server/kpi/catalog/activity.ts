import { computed, eventCount, planned } from "./define";

/** Reps' work: activities in the period, credited to the rep who performed them (kpi-catalog **Activity**). */
export const activityMetrics = [
  computed("calls_made", { unit: "count", needs: ["activities"] }, eventCount("call")),
  computed("meetings_count", { unit: "count", needs: ["activities"] }, eventCount("meeting")),
  planned("demos_count", { unit: "count", needs: ["activities"] }),
  computed("emails_sent", { unit: "count", needs: ["activities"] }, eventCount("email")),
  planned("follow_up_meetings", { unit: "count", needs: ["activities"] }),
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
  planned("leads_followed_up", { unit: "percent", needs: ["deals", "activities"] }),
  planned("stale_deals", { unit: "count", direction: "down_is_good", needs: ["deals", "activities"] }),
  planned("meeting_acceptance", { unit: "percent", needs: ["deals", "activities", "stage_history"] }),
  planned("email_open_rate", { unit: "percent", needs: ["activities", "email_tracking"] }),
  planned("email_reply_rate", { unit: "percent", needs: ["activities", "email_tracking"] }),
  planned("email_positive_rate", { unit: "percent", needs: ["activities", "email_tracking"] }),
  planned("emails_delivered", { unit: "count", needs: ["activities", "email_tracking"] }),
  planned("talk_listen_ratio", { unit: "ratio", needs: ["activities", "call_recordings"] }),
  planned("call_quality", { unit: "count", needs: ["activities", "call_recordings"] }),
  planned("customer_acquisition_rate", { unit: "percent", needs: ["customers", "activities"] }),
];

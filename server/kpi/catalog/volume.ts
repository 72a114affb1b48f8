import type { CountingSettings, EventKind, MetricSource } from "../types";
import { computed, eventCount } from "./define";

/** Meetings from stage moves (default) or from meeting activities, as the org counts them. */
function byMeetingCounting(stageKind: EventKind, activityKind: EventKind): MetricSource {
  const kind = (settings: CountingSettings) => (settings.meetingCounting === "activity" ? activityKind : stageKind);
  return { base: "events", kinds: (settings) => [kind(settings)], compute: (stats, settings) => ({ value: stats(kind(settings)).n }) };
}

/** Volume and funnel: events counted in the period (kpi-catalog). */
export const volumeMetrics = [
  computed("leads_created", { unit: "count", needs: ["deals"] }, eventCount("created")),
  computed("leads_qualified", { unit: "count", needs: ["deals", "stage_history"] }, eventCount("qualified")),
  computed("meetings_scheduled", { unit: "count", needs: ["deals", "stage_history"] }, byMeetingCounting("meeting_scheduled", "meeting_booked")),
  computed("meetings_held", { unit: "count", needs: ["deals", "stage_history"] }, byMeetingCounting("meeting_held", "meeting_attended")),
  computed("proposals_sent", { unit: "count", needs: ["deals", "stage_history"] }, eventCount("proposal")),
  computed("opportunities_created", { unit: "count", needs: ["deals", "stage_history"] }, eventCount("qualified")),
  computed("deals_won", { unit: "count", needs: ["deals"] }, eventCount("won")),
  computed("deals_fulfilled", { unit: "count", needs: ["deals", "stage_history"] }, eventCount("fulfilled")),
  computed(
    "deals_lost",
    { unit: "count", direction: "down_is_good", needs: ["deals"] },
    { base: "events", kinds: () => ["lost"], reasons: true, compute: (stats) => ({ value: stats("lost").n, split: stats("lost").byReason }) },
  ),
  computed("deals_open", { unit: "count", needs: ["deals"] }, { base: "snapshot", compute: (open) => ({ value: open.n }) }),
  computed("deals_by_stage", { unit: "count", needs: ["deals"] }, { base: "stages", measure: "open" }),
  computed(
    "pipeline_value",
    { unit: "money", needs: ["deals"] },
    { base: "snapshot", compute: (open) => ({ value: open.amountSum, excluded: { noRate: open.noRate, withoutAmount: open.withoutAmount } }) },
  ),
];

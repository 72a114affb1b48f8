import type { CountingSettings, EventKind, MetricSource } from "../types";
import { computed, ratio } from "./define";

/** The event kind counted for a metric, which for meetings depends on how the org counts them. */
type KindOf = (settings: CountingSettings) => EventKind;
const fixed = (kind: EventKind): KindOf => () => kind;
const meetings = (stageKind: EventKind, activityKind: EventKind): KindOf => (settings) =>
  settings.meetingCounting === "activity" ? activityKind : stageKind;

/**
 * Spend ÷ the number of events of one kind in the same days (kpi-catalog **Marketing cost and traffic**); per
 * channel, that channel's spend ÷ its events; the org-wide figure is total spend ÷ total count.
 */
const costPer = (kind: KindOf): MetricSource => ({
  base: "marketing",
  kinds: (settings) => [kind(settings)],
  compute: (stats, marketing, settings) => ratio(marketing.spend, stats(kind(settings)).n),
});

const cost = { unit: "money", direction: "down_is_good" } as const;

export const marketingMetrics = [
  computed("cost_per_lead", { ...cost, needs: ["spend", "deals"] }, costPer(fixed("created"))),
  computed("cost_per_qualified", { ...cost, needs: ["spend", "deals", "stage_history"] }, costPer(fixed("qualified"))),
  computed("cost_per_meeting_scheduled", { ...cost, needs: ["spend", "deals", "stage_history"] }, costPer(meetings("meeting_scheduled", "meeting_booked"))),
  computed("cost_per_meeting_held", { ...cost, needs: ["spend", "deals", "stage_history"] }, costPer(meetings("meeting_held", "meeting_attended"))),
  computed("cost_per_sale", { ...cost, needs: ["spend", "deals"] }, costPer(fixed("won"))),
  computed("cost_per_session", { ...cost, needs: ["spend", "sessions"] }, {
    base: "marketing",
    kinds: () => [],
    compute: (_stats, marketing) => ratio(marketing.spend, marketing.sessions),
  }),
  computed("revenue_per_session", { unit: "money", needs: ["deals", "sessions"] }, {
    base: "marketing",
    kinds: () => ["won"],
    compute: (stats, marketing) => ({
      ...ratio(stats("won").amountSum, marketing.sessions),
      excluded: { noRate: stats("won").noRate, withoutAmount: stats("won").withoutAmount },
    }),
  }),
];

/** visitor_lead_rate (a conversion, kpi-catalog): leads created ÷ website sessions of the same days. */
export const visitorLeadRate: MetricSource = {
  base: "marketing",
  kinds: () => ["created"],
  compute: (stats, marketing) => ratio(stats("created").n, marketing.sessions),
};

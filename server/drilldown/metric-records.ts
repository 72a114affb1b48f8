/**
 * Which records stand behind a metric's number: deal events of one kind (as server/kpi/sql/events.ts counts them),
 * or the open deals at the snapshot (sql/snapshot.ts). Metrics not listed show their formula and inputs only.
 */
export type DealEventKind = "created" | "qualified" | "meeting_scheduled" | "meeting_held" | "proposal" | "won" | "fulfilled" | "lost";
export type RecordSource = { base: "events"; kind: DealEventKind } | { base: "snapshot" };

const stageCounted: Record<string, RecordSource> = {
  leads_created: { base: "events", kind: "created" },
  leads_qualified: { base: "events", kind: "qualified" },
  opportunities_created: { base: "events", kind: "qualified" },
  meetings_scheduled: { base: "events", kind: "meeting_scheduled" },
  meetings_held: { base: "events", kind: "meeting_held" },
  proposals_sent: { base: "events", kind: "proposal" },
  deals_won: { base: "events", kind: "won" },
  revenue_won: { base: "events", kind: "won" },
  deals_fulfilled: { base: "events", kind: "fulfilled" },
  deals_lost: { base: "events", kind: "lost" },
  deals_open: { base: "snapshot" },
  pipeline_value: { base: "snapshot" },
};

/** Meetings counted from activities (an org setting) are activities, not deal steps: no record list for them yet. */
const activityCountedMeetings = new Set(["meetings_scheduled", "meetings_held"]);

export function recordSource(metricId: string, meetingCounting: "stage" | "activity"): RecordSource | undefined {
  if (meetingCounting === "activity" && activityCountedMeetings.has(metricId)) return undefined;
  return stageCounted[metricId];
}

export const drilldownMetricIds = Object.keys(stageCounted);

import type { activityEventKinds } from "@/server/kpi/types";

/**
 * Which records stand behind a metric's number: deal events of one kind (as server/kpi/sql/events.ts counts them),
 * activity events of one kind (the same file's activity moments), or the open deals at the snapshot
 * (sql/snapshot.ts). Metrics not listed show their formula and inputs only.
 */
export type DealEventKind = "created" | "qualified" | "meeting_scheduled" | "meeting_held" | "proposal" | "won" | "fulfilled" | "lost";
export type ActivityEventKind = (typeof activityEventKinds)[number];
export type RecordSource = { base: "events"; kind: DealEventKind } | { base: "activities"; kind: ActivityEventKind } | { base: "snapshot" };

const dealCounted: Record<string, RecordSource> = {
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

const activityCounted: Record<string, RecordSource> = {
  calls_made: { base: "activities", kind: "call" },
  meetings_count: { base: "activities", kind: "meeting" },
  demos_count: { base: "activities", kind: "demo" },
  emails_sent: { base: "activities", kind: "email" },
  follow_up_meetings: { base: "activities", kind: "follow_up_meeting" },
};

/** Meetings counted from activities (an org setting) are the booked or attended meetings, not deal steps. */
const meetingsFromActivities: Record<string, RecordSource> = {
  meetings_scheduled: { base: "activities", kind: "meeting_booked" },
  meetings_held: { base: "activities", kind: "meeting_attended" },
};

export function recordSource(metricId: string, meetingCounting: "stage" | "activity"): RecordSource | undefined {
  if (meetingCounting === "activity" && meetingsFromActivities[metricId]) return meetingsFromActivities[metricId];
  return dealCounted[metricId] ?? activityCounted[metricId];
}

import type { ActivityRecord } from "@/server/ingest/schemas/activities";
import { hsInstant, hsNumber, type HsObject } from "./hubspot-api";
import type { HsLookups } from "./lookups";

/** The activity objects the connector reads, each a stream, with the properties its mapper uses. */
export const activityObjects = {
  calls: ["hs_timestamp", "hs_createdate", "hubspot_owner_id", "hs_call_title", "hs_call_direction", "hs_call_duration", "hs_call_status", "hs_lastmodifieddate"],
  meetings: ["hs_timestamp", "hs_createdate", "hubspot_owner_id", "hs_meeting_title", "hs_meeting_start_time", "hs_meeting_end_time", "hs_meeting_outcome", "hs_lastmodifieddate"],
  emails: ["hs_timestamp", "hs_createdate", "hubspot_owner_id", "hs_email_subject", "hs_email_direction", "hs_email_status", "hs_lastmodifieddate"],
} as const;
export type ActivityObject = keyof typeof activityObjects;

const meetingHeldByOutcome: Record<string, boolean> = { COMPLETED: true, NO_SHOW: false, CANCELED: false, RESCHEDULED: false };
const callDirections: Record<string, "inbound" | "outbound"> = { INBOUND: "inbound", OUTBOUND: "outbound" };
const emailDirections: Record<string, "inbound" | "outbound"> = { INCOMING_EMAIL: "inbound", EMAIL: "outbound", FORWARDED_EMAIL: "outbound" };

/** A call, meeting or e-mail as a canonical activity, linked to the first deal it is associated with. */
export function mapActivity(object: ActivityObject, activity: HsObject, lookups: HsLookups): ActivityRecord {
  const p = activity.properties;
  const base = {
    externalId: `${object}:${activity.id}`,
    dealExternalId: activity.associations?.deals?.results[0]?.id,
    rep: p.hubspot_owner_id ? (lookups.owners.get(p.hubspot_owner_id) ?? { externalId: p.hubspot_owner_id, name: `Owner ${p.hubspot_owner_id}` }) : undefined,
    createdAt: hsInstant(p.hs_createdate) ?? activity.createdAt ?? "",
  };
  const record: ActivityRecord = object === "calls" ? { ...base, ...call(activity) } : object === "meetings" ? { ...base, ...meeting(activity) } : { ...base, ...email(activity) };
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as ActivityRecord;
}

function call({ properties: p }: HsObject) {
  const durationMs = hsNumber(p.hs_call_duration);
  return {
    type: "call" as const,
    subject: p.hs_call_title ?? undefined,
    direction: p.hs_call_direction ? callDirections[p.hs_call_direction] : undefined,
    // hs_call_duration is in milliseconds.
    durationSeconds: (typeof durationMs === "number" ? Math.round(durationMs / 1000) : durationMs) as number | undefined,
    completedAt: p.hs_call_status === "COMPLETED" ? hsInstant(p.hs_timestamp) : undefined,
  };
}

function meeting({ properties: p }: HsObject) {
  const start = hsInstant(p.hs_meeting_start_time ?? p.hs_timestamp);
  const end = hsInstant(p.hs_meeting_end_time);
  const held = p.hs_meeting_outcome ? meetingHeldByOutcome[p.hs_meeting_outcome] : undefined;
  const seconds = start && end ? (Date.parse(end) - Date.parse(start)) / 1000 : NaN;
  return {
    type: "meeting" as const,
    subject: p.hs_meeting_title ?? undefined,
    scheduledAt: start,
    durationSeconds: seconds >= 0 ? Math.round(seconds) : undefined,
    meetingHeld: held,
    completedAt: held ? (end ?? start) : undefined,
  };
}

function email({ properties: p }: HsObject) {
  return {
    type: "email" as const,
    subject: p.hs_email_subject ?? undefined,
    direction: p.hs_email_direction ? emailDirections[p.hs_email_direction] : undefined,
    completedAt: hsInstant(p.hs_timestamp),
  };
}

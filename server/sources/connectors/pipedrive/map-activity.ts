import type { ActivityRecord } from "@/server/ingest/schemas/activities";
import type { PdLookups } from "./lookups";
import { user } from "./map-deal";
import { pdTime, type PdActivity } from "./pipedrive-api";

/** Pipedrive's built-in activity types, and a custom type whose key is "demo"; any other custom type counts as a task. */
const typeOf: Record<string, ActivityRecord["type"]> = {
  call: "call",
  meeting: "meeting",
  lunch: "meeting",
  demo: "demo",
  email: "email",
  task: "task",
  deadline: "task",
};

/** A Pipedrive activity as a canonical one: a done meeting or demo was held; due date and time (UTC) are when it was planned. */
export function mapActivity(activity: PdActivity, lookups: PdLookups): ActivityRecord {
  const type = typeOf[activity.type ?? ""] ?? "task";
  const record: ActivityRecord = {
    externalId: String(activity.id),
    type,
    dealExternalId: activity.deal_id ? String(activity.deal_id) : undefined,
    rep: user(activity.owner_id, lookups),
    subject: activity.subject ?? undefined,
    createdAt: pdTime(activity.add_time) ?? "",
    scheduledAt: activity.due_date ? `${activity.due_date}T${dueTime(activity.due_time)}Z` : undefined,
    completedAt: activity.done ? pdTime(activity.marked_as_done_time ?? activity.update_time) : undefined,
    durationSeconds: seconds(activity.duration),
    meetingHeld: type === "meeting" || type === "demo" ? Boolean(activity.done) : undefined,
  };
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as ActivityRecord;
}

function dueTime(time: string | null | undefined): string {
  if (!time) return "00:00:00";
  return time.length === 5 ? `${time}:00` : time;
}

/** "HH:MM" or "HH:MM:SS" as seconds; empty or malformed: none. */
function seconds(duration: string | null | undefined): number | undefined {
  const match = duration ? /^(\d+):(\d{2})(?::(\d{2}))?$/.exec(duration) : null;
  if (!match) return undefined;
  const total = Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3] ?? 0);
  return total > 0 ? total : undefined;
}

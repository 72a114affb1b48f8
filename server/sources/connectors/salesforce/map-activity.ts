import type { ActivityRecord } from "@/server/ingest/schemas/activities";
import { user, type SfLookups } from "./lookups";
import { OPPORTUNITY_PREFIX, sfInstant, type SfEvent, type SfTask } from "./salesforce-api";

export const taskFields = "Id, Subject, TaskSubtype, CallDurationInSeconds, CallType, Status, IsClosed, ActivityDate, CompletedDateTime, CreatedDate, OwnerId, WhatId, SystemModstamp";
export const eventFields = "Id, Subject, StartDateTime, EndDateTime, DurationInMinutes, OwnerId, WhatId, CreatedDate, SystemModstamp";

const taskTypes: Record<string, ActivityRecord["type"]> = { Call: "call", Email: "email", ListEmail: "email" };
const callDirections: Record<string, "inbound" | "outbound"> = { Inbound: "inbound", Outbound: "outbound" };

const dealOf = (whatId: string | null | undefined) => (whatId?.startsWith(OPPORTUNITY_PREFIX) ? whatId : undefined);
const defined = <T extends object>(record: T) => Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;

/** A Task: a call or an e-mail by its subtype, else a task; its due date (a day) is kept as midnight UTC. */
export function mapTask(task: SfTask, lookups: SfLookups): ActivityRecord {
  return defined({
    externalId: `task:${task.Id}`,
    type: taskTypes[task.TaskSubtype ?? ""] ?? "task",
    direction: task.CallType ? callDirections[task.CallType] : undefined,
    dealExternalId: dealOf(task.WhatId),
    rep: user(task.OwnerId, lookups),
    subject: task.Subject ?? undefined,
    createdAt: sfInstant(task.CreatedDate) ?? "",
    scheduledAt: task.ActivityDate ? `${task.ActivityDate}T00:00:00.000Z` : undefined,
    completedAt: task.IsClosed ? (sfInstant(task.CompletedDateTime) ?? sfInstant(task.CreatedDate)) : undefined,
    durationSeconds: task.CallDurationInSeconds ?? undefined,
  });
}

/** An Event is a meeting; Salesforce has no "held" flag, so one that has ended by `now` counts as held. */
export function mapEvent(event: SfEvent, lookups: SfLookups, now: Date): ActivityRecord {
  const end = sfInstant(event.EndDateTime);
  const held = end ? Date.parse(end) <= now.getTime() : undefined;
  return defined({
    externalId: `event:${event.Id}`,
    type: "meeting",
    dealExternalId: dealOf(event.WhatId),
    rep: user(event.OwnerId, lookups),
    subject: event.Subject ?? undefined,
    createdAt: sfInstant(event.CreatedDate) ?? "",
    scheduledAt: sfInstant(event.StartDateTime),
    durationSeconds: event.DurationInMinutes != null ? event.DurationInMinutes * 60 : undefined,
    meetingHeld: held,
    completedAt: held ? end : undefined,
  });
}

import { findDeals, upsertReps } from "./dimensions";
import { countChanges, type KindWriter } from "./kind-writer";
import type { ActivityRecord } from "./schemas/activities";
import { upsertSourceRows } from "./upsert-source-rows";
import type { RecordFailure } from "./validate-records";

type Value = string | number | boolean | null;

/** Calls, meetings, e-mails, tasks and messages, with the reps they name; an activity of an unknown deal is refused. */
export const writeActivities: KindWriter<ActivityRecord> = async (tx, scope, records) => {
  const dealExternalIds = records.flatMap((r) => (r.record.dealExternalId ? [r.record.dealExternalId] : []));
  const [deals, repIds] = await Promise.all([
    findDeals(tx, scope, [...new Set(dealExternalIds)]),
    upsertReps(tx, scope, records.map((r) => r.record.rep)),
  ]);
  const failed: RecordFailure[] = [];
  const activities = records.filter(({ index, record }) => {
    if (!record.dealExternalId || deals.has(record.dealExternalId)) return true;
    failed.push({ index, externalId: record.externalId, errors: [{ path: "dealExternalId", message: "apiKeys.record.unknownDeal" }] });
    return false;
  });
  const column = (name: string, type: string, value: (a: ActivityRecord) => Value | undefined) =>
    [name, type, activities.map(({ record }) => value(record) ?? null)] as const;
  const columns = [
    column("external_id", "text", (a) => a.externalId),
    column("type", "activity_type", (a) => a.type),
    column("direction", "activity_direction", (a) => a.direction),
    column("rep_id", "int8", (a) => (a.rep ? repIds.get(a.rep.externalId)! : null)),
    column("deal_id", "int8", (a) => (a.dealExternalId ? deals.get(a.dealExternalId)!.id : null)),
    column("subject", "text", (a) => a.subject),
    column("created_at", "timestamptz", (a) => a.createdAt),
    column("scheduled_at", "timestamptz", (a) => a.scheduledAt),
    column("completed_at", "timestamptz", (a) => a.completedAt),
    column("duration_seconds", "int4", (a) => a.durationSeconds),
    column("talk_seconds", "int4", (a) => a.talkSeconds),
    column("listen_seconds", "int4", (a) => a.listenSeconds),
    column("email_delivered", "bool", (a) => a.emailDelivered),
    column("email_opened", "bool", (a) => a.emailOpened),
    column("email_replied", "bool", (a) => a.emailReplied),
    column("reply_sentiment", "reply_sentiment", (a) => a.replySentiment),
    column("meeting_held", "bool", (a) => a.meetingHeld),
    column("quality_score", "int2", (a) => a.qualityScore),
  ];
  const { changes } = await upsertSourceRows(tx, scope, {
    table: "activities",
    columns,
    update: columns.map(([name]) => name).filter((name) => name !== "external_id"),
  });
  return { ...countChanges(changes), failed };
};

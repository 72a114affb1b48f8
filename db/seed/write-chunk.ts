import { sql, type SQL } from "drizzle-orm";
import { idsByExternalId, iso, setExcluded, unnestColumns, type Column, type DbOrTx } from "./bulk-upsert";
import type { GeneratedActivity } from "./deal-activities";
import type { DealChunk } from "./deal-stream";
import type { DimensionIds } from "./write-dimensions";

/** Writes one chunk (customers, deals, then their stage and owner events and activities); returns rows written. */
export async function writeChunk(db: DbOrTx, orgId: string, ids: DimensionIds, chunk: DealChunk): Promise<number> {
  const scope = sql`${orgId}::uuid, ${ids.sourceId}::int8`;
  const upsert = (table: string, columns: Column[], extra: { select?: string; from?: SQL; returning?: boolean } = {}) => {
    const names = columns.map(([name]) => name);
    return db.execute(sql`
      insert into ${sql.raw(table)} (org_id, source_id, ${sql.raw(names.join(", "))})
      select ${scope}, ${sql.raw(extra.select ?? names.map((n) => `t.${n}`).join(", "))} from ${unnestColumns(columns)} ${extra.from ?? sql``}
      on conflict (org_id, source_id, external_id) do update set ${setExcluded(names.filter((n) => n !== "external_id"))}
      ${extra.returning ? sql`returning id, external_id` : sql``}`);
  };

  if (chunk.customers.length) {
    await upsert("customers", [
      ["external_id", "text", chunk.customers.map((c) => c.externalId)],
      ["name", "text", chunk.customers.map((c) => c.name)],
      ["created_at", "timestamptz", chunk.customers.map((c) => iso(c.createdAt))],
    ]);
  }

  const { deals } = chunk;
  const dealColumns: Column[] = [
    ["external_id", "text", deals.map((d) => d.externalId)],
    ["title", "text", deals.map((d) => d.title)],
    ["pipeline_id", "int8", deals.map((d) => ids.pipelines.get(d.pipeline)!)],
    ["stage_id", "int8", deals.map((d) => ids.stages.get(d.stage)!)],
    ["owner_rep_id", "int8", deals.map((d) => ids.reps.get(d.owner)!)],
    ["channel_id", "int8", deals.map((d) => ids.channels.get(d.channel)!)],
    ["customer_id", "text", deals.map((d) => d.customer)],
    ["amount", "numeric", deals.map((d) => d.amount)],
    ["currency", "text", deals.map((d) => d.currency)],
    ["cost", "numeric", deals.map((d) => d.cost)],
    ["margin", "numeric", deals.map((d) => d.margin)],
    ["status", "deal_status", deals.map((d) => d.status)],
    ["created_at", "timestamptz", deals.map((d) => iso(d.createdAt))],
    ["won_at", "timestamptz", deals.map((d) => iso(d.wonAt))],
    ["lost_at", "timestamptz", deals.map((d) => iso(d.lostAt))],
    ["loss_reason_id", "int8", deals.map((d) => (d.lossReason ? ids.lossReasons.get(d.lossReason)! : null))],
    ["expected_close_date", "date", deals.map((d) => d.expectedCloseDate)],
  ];
  // The customer arrives by external id (it may have been written in an earlier chunk) and is resolved here.
  const dealIds = idsByExternalId(
    await upsert("deals", dealColumns, {
      select: dealColumns.map(([name]) => (name === "customer_id" ? "c.id" : `t.${name}`)).join(", "),
      from: sql`left join customers c on c.org_id = ${orgId}::uuid and c.source_id = ${ids.sourceId}::int8 and c.external_id = t.customer_id`,
      returning: true,
    }),
  );
  const dealId = (externalId: string) => dealIds.get(externalId)!;

  const { stageEvents, ownerEvents, activities } = chunk;
  const writes = [
    upsert("deal_stage_events", [
      ["external_id", "text", stageEvents.map((e) => e.externalId)],
      ["deal_id", "int8", stageEvents.map((e) => dealId(e.deal))],
      ["from_stage_id", "int8", stageEvents.map((e) => (e.from === null ? null : ids.stages.get(e.from)!))],
      ["to_stage_id", "int8", stageEvents.map((e) => ids.stages.get(e.to)!)],
      ["at", "timestamptz", stageEvents.map((e) => iso(e.at))],
    ]),
    upsert("activities", activityColumns(activities, dealId, ids)),
  ];
  if (ownerEvents.length) {
    writes.push(
      upsert("deal_owner_events", [
        ["external_id", "text", ownerEvents.map((e) => e.externalId)],
        ["deal_id", "int8", ownerEvents.map((e) => dealId(e.deal))],
        ["from_rep_id", "int8", ownerEvents.map((e) => ids.reps.get(e.from)!)],
        ["to_rep_id", "int8", ownerEvents.map((e) => ids.reps.get(e.to)!)],
        ["at", "timestamptz", ownerEvents.map((e) => iso(e.at))],
      ]),
    );
  }
  await Promise.all(writes);
  return chunk.customers.length + deals.length + stageEvents.length + ownerEvents.length + activities.length;
}

function activityColumns(activities: GeneratedActivity[], dealId: (externalId: string) => number, ids: DimensionIds): Column[] {
  const col = <T extends string | number | boolean | null>(name: string, type: string, value: (a: GeneratedActivity) => T): Column => [name, type, activities.map(value)];
  return [
    col("external_id", "text", (a) => a.externalId),
    col("type", "activity_type", (a) => a.type),
    col("direction", "activity_direction", (a) => a.direction),
    col("rep_id", "int8", (a) => ids.reps.get(a.rep)!),
    col("deal_id", "int8", (a) => dealId(a.deal)),
    col("subject", "text", (a) => a.subject),
    col("created_at", "timestamptz", (a) => iso(a.createdAt)),
    col("scheduled_at", "timestamptz", (a) => iso(a.scheduledAt)),
    col("completed_at", "timestamptz", (a) => iso(a.completedAt)),
    col("duration_seconds", "int4", (a) => a.durationSeconds),
    col("talk_seconds", "int4", (a) => a.talkSeconds),
    col("listen_seconds", "int4", (a) => a.listenSeconds),
    col("email_delivered", "bool", (a) => a.emailDelivered),
    col("email_opened", "bool", (a) => a.emailOpened),
    col("email_replied", "bool", (a) => a.emailReplied),
    col("reply_sentiment", "reply_sentiment", (a) => a.replySentiment),
    col("meeting_held", "bool", (a) => a.meetingHeld),
    col("quality_score", "int2", (a) => a.qualityScore),
  ];
}

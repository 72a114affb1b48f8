import { sql } from "drizzle-orm";
import { setExcluded, unnestColumns, type Column, type DbOrTx } from "@/db/seed/bulk-upsert";
import { upsertNamedRefs } from "./dimensions";
import { countWritten, type KindWriter } from "./kind-writer";
import type { SpendRecord } from "./schemas/spend";
import type { SourceScope } from "./upsert-source-rows";

/**
 * Spend and sessions per channel and day, keyed by (org, channel, day); the channels are created on first use.
 * A record without sessions leaves the stored number as it is, so records with and without are written apart.
 */
export const writeSpend: KindWriter<SpendRecord> = async (tx, scope, records) => {
  const channelIds = await upsertNamedRefs(tx, scope, "channels", records.map((r) => r.record.channel));
  const rows = records.map((r) => ({ ...r.record, channelId: channelIds.get(r.record.channel.externalId)! }));
  const written = [
    ...(await upsertDays(tx, scope, rows.filter((r) => r.sessions !== undefined), true)),
    ...(await upsertDays(tx, scope, rows.filter((r) => r.sessions === undefined), false)),
  ];
  return { ...countWritten(written), failed: [] };
};

/** Writes the days; returns `{ created }` per row written (unchanged rows are not written). */
async function upsertDays(db: DbOrTx, scope: SourceScope, rows: (SpendRecord & { channelId: number })[], withSessions: boolean) {
  if (rows.length === 0) return [];
  const columns: Column[] = [
    ["channel_id", "int8", rows.map((r) => r.channelId)],
    ["day", "date", rows.map((r) => r.day)],
    ["spend", "numeric", rows.map((r) => r.spend)],
    ...(withSessions ? [["sessions", "int4", rows.map((r) => r.sessions!)] as const] : []),
  ];
  const names = columns.map(([name]) => name);
  const updated = ["source_id", ...names.filter((name) => name !== "channel_id" && name !== "day")];
  const written = await db.execute(sql`
    insert into marketing_daily (org_id, source_id, ${sql.raw(names.join(", "))})
    select ${scope.orgId}::uuid, ${scope.sourceId}::int8, ${sql.raw(names.map((n) => `t.${n}`).join(", "))} from ${unnestColumns(columns)}
    on conflict (org_id, channel_id, day) do update set ${setExcluded(updated)}
      where (${sql.raw(updated.map((n) => `marketing_daily.${n}`).join(", "))}) is distinct from (${sql.raw(updated.map((n) => `excluded.${n}`).join(", "))})
    returning (xmax = 0) as created`);
  return written as unknown as { created: boolean }[];
}

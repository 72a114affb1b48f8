import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/seed/bulk-upsert";

/**
 * Rebuilds an organization's KPI rollups (deal_facts, deal_stage_stays, deal_stage_reach, deal_events, deal_open_spans,
 * then deal_days from them: rebuild_deal_rollups, migration 0026) from its raw stage history. Triggers keep them
 * current on every write; this is for writes that bypass triggers (session_replication_role=replica loads) and for
 * repairs. Notes the change as the triggers do (migration 0009), so no result computed before is reused.
 */
export async function rebuildRollups(db: DbOrTx, orgId: string): Promise<void> {
  await db.execute(sql`select rebuild_deal_rollups(${orgId}::uuid)`);
  await db.execute(sql`insert into org_data_changes (org_id, xid) values (${orgId}::uuid, pg_current_xact_id()) on conflict do nothing`);
}

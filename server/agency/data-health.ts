import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { SyncRun } from "@/db/schema";

/** Sources that are CRMs: they sync on a schedule, so a quiet day means something is wrong. */
const crmKinds = ["amocrm", "bitrix24", "hubspot", "pipedrive", "salesforce"];

export type DataHealth = {
  /** When any connected source of the client last synced (or was loaded), and the status of its latest sync run. */
  lastSyncedAt: Date | null;
  lastRunStatus: SyncRun["status"] | null;
  hasCrmSource: boolean;
  /** When a connected CRM source last synced; null when none has. */
  crmLastSyncedAt: Date | null;
  unmappedStages: number;
};

type Row = {
  org_id: string;
  last_synced_at: Date | null;
  last_run_status: SyncRun["status"] | null;
  has_crm: boolean;
  crm_last_synced_at: Date | null;
  unmapped_stages: number;
};

/** Sync state and unmapped stages of many organizations in one query (data hygiene, not metrics). */
export async function loadDataHealth(db: Db, orgIds: string[]): Promise<Map<string, DataHealth>> {
  if (orgIds.length === 0) return new Map();
  const ids = sql`array[${sql.join(orgIds.map((id) => sql`${id}`), sql`, `)}]::uuid[]`;
  const crm = sql`array[${sql.join(crmKinds.map((k) => sql`${k}`), sql`, `)}]::source_kind[]`;
  const rows = await db.execute<Row>(sql`
    select o.id as org_id,
      (select max(s.last_synced_at) from data_sources s where s.org_id = o.id and s.disconnected_at is null) as last_synced_at,
      (select r.status from sync_runs r where r.org_id = o.id order by r.queued_at desc limit 1) as last_run_status,
      exists (select 1 from data_sources s where s.org_id = o.id and s.disconnected_at is null and s.kind = any(${crm})) as has_crm,
      (select max(s.last_synced_at) from data_sources s where s.org_id = o.id and s.disconnected_at is null and s.kind = any(${crm})) as crm_last_synced_at,
      (select count(*)::int from stages st where st.org_id = o.id and st.funnel_step is null) as unmapped_stages
    from organizations o where o.id = any(${ids})`);
  const date = (value: Date | string | null) => (value === null ? null : new Date(value));
  return new Map(
    rows.map((r) => [
      r.org_id,
      {
        lastSyncedAt: date(r.last_synced_at),
        lastRunStatus: r.last_run_status,
        hasCrmSource: r.has_crm,
        crmLastSyncedAt: date(r.crm_last_synced_at),
        unmappedStages: r.unmapped_stages,
      },
    ]),
  );
}

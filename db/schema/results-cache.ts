import { customType, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { orgIdColumn } from "./columns";

/** PostgreSQL's 64-bit transaction id (pg_current_xact_id()), read as text. */
const xid8 = customType<{ data: string }>({ dataType: () => "xid8" });
/** A transaction snapshot (pg_current_snapshot()), read as text. */
const pgSnapshot = customType<{ data: string }>({ dataType: () => "pg_snapshot" });

/**
 * One row per organization and writing transaction: the transaction changed something the KPI engine reads for that
 * organization. Written by statement-level triggers on every such table (migration 0009); a cached result is valid
 * while every row of its organization was visible in the snapshot it was computed from. No foreign key: the rows of
 * a deleted organization's cascade would otherwise race its deletion.
 */
export const orgDataChanges = pgTable(
  "org_data_changes",
  {
    orgId: uuid("org_id").notNull(),
    xid: xid8("xid").notNull(),
    changedAt: timestamp("changed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.xid] })],
);

/**
 * KPI engine results kept for reuse (server/kpi/results-cache.ts): per organization and request (metrics, filters,
 * breakdown, resolved periods), the response computed from `snapshot` within the time slot `slot_start`.
 */
export const kpiResultsCache = pgTable(
  "kpi_results_cache",
  {
    orgId: orgIdColumn(),
    requestKey: text("request_key").notNull(),
    slotStart: timestamp("slot_start", { withTimezone: true }).notNull(),
    snapshot: pgSnapshot("snapshot").notNull(),
    response: jsonb("response").notNull(),
    computedAt: timestamp("computed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.requestKey] }), index("kpi_results_cache_computed_idx").on(t.computedAt)],
);

import { foreignKey, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { orgIdColumn, refColumn, rowIdColumn } from "./columns";
import { dataSources } from "./sales";

const ts = (name: string) => timestamp(name, { withTimezone: true });

export const syncRunStatuses = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
export const syncRunStatus = pgEnum("sync_run_status", syncRunStatuses);
export const syncTrigger = pgEnum("sync_trigger", ["manual", "schedule", "connect"]);

/** One sync of a source: its counts, progress and outcome (the run history a person reads). */
export const syncRuns = pgTable(
  "sync_runs",
  {
    orgId: orgIdColumn(),
    id: rowIdColumn(),
    sourceId: refColumn("source_id").notNull(),
    status: syncRunStatus("status").notNull().default("queued"),
    trigger: syncTrigger("trigger").notNull().default("manual"),
    /** The stream being read now (deals, stage-events, activities, …), for the progress bar. */
    currentStream: text("current_stream"),
    pagesDone: integer("pages_done").notNull().default(0),
    /** Records the CRM says there are to read in this run, when it says (Bitrix24 `total`, HubSpot search `total`). */
    recordsTotal: integer("records_total"),
    recordsDone: integer("records_done").notNull().default(0),
    created: integer("created").notNull().default(0),
    updated: integer("updated").notNull().default(0),
    deleted: integer("deleted").notNull().default(0),
    failed: integer("failed").notNull().default(0),
    /** Records not stored because they are older than the plan's months of history (deals by creation time). */
    leftOutByHistory: integer("left_out_by_history").notNull().default(0),
    /** Why the run failed, as a message key plus values, readable in the UI's language. */
    error: jsonb("error").$type<{ key: string; values?: Record<string, string | number> }>(),
    attempts: integer("attempts").notNull().default(0),
    queuedAt: ts("queued_at").notNull().defaultNow(),
    startedAt: ts("started_at"),
    finishedAt: ts("finished_at"),
    /** Last time the worker wrote progress; a running run with an old heartbeat was interrupted. */
    heartbeatAt: ts("heartbeat_at"),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({ name: "sync_runs_source_fk", columns: [t.orgId, t.sourceId], foreignColumns: [dataSources.orgId, dataSources.id] }).onDelete("cascade"),
    index("sync_runs_source_idx").on(t.orgId, t.sourceId, t.queuedAt),
  ],
);
export type SyncRun = typeof syncRuns.$inferSelect;

/** Records a run skipped: which one and why (message key), so a person can fix it in the CRM. */
export const syncRunErrors = pgTable(
  "sync_run_errors",
  {
    orgId: orgIdColumn(),
    id: rowIdColumn(),
    runId: refColumn("run_id").notNull(),
    stream: text("stream").notNull(),
    externalId: text("external_id"),
    message: jsonb("message").$type<{ key: string; values?: Record<string, string | number> }>().notNull(),
    at: ts("at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({ name: "sync_run_errors_run_fk", columns: [t.orgId, t.runId], foreignColumns: [syncRuns.orgId, syncRuns.id] }).onDelete("cascade"),
    index("sync_run_errors_run_idx").on(t.orgId, t.runId),
  ],
);

/**
 * Where a source's stream stopped: the page cursor inside the current pass and the updated-since mark of the last
 * complete pass. Written in the same transaction as the page's records, so a killed worker resumes exactly there.
 */
export const syncCheckpoints = pgTable(
  "sync_checkpoints",
  {
    orgId: orgIdColumn(),
    sourceId: refColumn("source_id").notNull(),
    stream: text("stream").notNull(),
    /** The connector's cursor for the next page of the pass in progress; null when no pass is in progress. */
    cursor: jsonb("cursor").$type<unknown>(),
    /** Start of the pass in progress (becomes `since` when it completes). */
    passStartedAt: ts("pass_started_at"),
    /** Records changed after this moment are read by the next pass; null: read everything. */
    since: ts("since"),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.sourceId, t.stream] }),
    foreignKey({ name: "sync_checkpoints_source_fk", columns: [t.orgId, t.sourceId], foreignColumns: [dataSources.orgId, dataSources.id] }).onDelete("cascade"),
  ],
);

/**
 * Deals of a CRM that syncs left out as older than the plan's months of history (server/sources/history-window.ts),
 * so any later run leaves their stage changes and activities out with them instead of failing them as records of an
 * unknown deal. A deal stored since is no longer treated as left out; an upgrade to a longer history clears the rows.
 */
export const syncLeftOutDeals = pgTable(
  "sync_left_out_deals",
  {
    orgId: orgIdColumn(),
    sourceId: refColumn("source_id").notNull(),
    externalId: text("external_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.sourceId, t.externalId] }),
    foreignKey({ name: "sync_left_out_deals_source_fk", columns: [t.orgId, t.sourceId], foreignColumns: [dataSources.orgId, dataSources.id] }).onDelete("cascade"),
  ],
);

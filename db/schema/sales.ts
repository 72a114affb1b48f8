import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { orgIdColumn, refColumn, rowIdColumn, sourceColumns } from "./columns";

/** Canonical funnel steps in ladder order; `lost` is terminal and off the ladder (kpi-catalog.md). */
export const funnelSteps = [
  "lead",
  "qualified",
  "meeting_scheduled",
  "meeting_held",
  "proposal",
  "negotiation",
  "won",
  "fulfilled",
  "lost",
] as const;
export type FunnelStep = (typeof funnelSteps)[number];
export const funnelStep = pgEnum("funnel_step", funnelSteps);

export const sourceKinds = ["demo", "csv", "api", "amocrm", "bitrix24", "hubspot", "pipedrive", "salesforce"] as const;
export const sourceKind = pgEnum("source_kind", sourceKinds);
export const dealStatus = pgEnum("deal_status", ["open", "won", "lost"]);
export const activityType = pgEnum("activity_type", ["call", "meeting", "email", "task", "message", "demo"]);
export const activityDirection = pgEnum("activity_direction", ["inbound", "outbound"]);
export const replySentiment = pgEnum("reply_sentiment", ["positive", "neutral", "negative"]);
export const quotaScope = pgEnum("quota_scope", ["rep", "team", "org"]);
export const quotaPeriodKind = pgEnum("quota_period_kind", ["month", "quarter"]);

const created = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updated = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();
const ts = (name: string) => timestamp(name, { withTimezone: true });
const money = (name: string) => numeric(name, { precision: 18, scale: 2, mode: "number" });

/** A place data comes from: a CRM connection, a file import, the push API or the demo generator. */
export const dataSources = pgTable(
  "data_sources",
  {
    orgId: orgIdColumn(),
    id: rowIdColumn(),
    kind: sourceKind("kind").notNull(),
    name: text("name").notNull(),
    settings: jsonb("settings").$type<Record<string, unknown>>().notNull().default({}),
    /** CRM credentials (tokens, webhook URL) sealed with AES-256-GCM (server/sources/secrets.ts); never sent to the browser. */
    credentials: text("credentials"),
    /** The CRM account this connection reads (amoCRM subdomain, Bitrix24 portal, HubSpot portal id, Salesforce instance). */
    accountId: text("account_id"),
    /** Minutes between scheduled syncs; null: only "sync now". */
    syncIntervalMinutes: integer("sync_interval_minutes").default(60),
    nextSyncAt: ts("next_sync_at"),
    /** Set when the connection is removed: history and data stay, syncs stop. */
    disconnectedAt: ts("disconnected_at"),
    lastSyncedAt: ts("last_synced_at"),
    createdAt: created(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), index("data_sources_next_sync_idx").on(t.nextSyncAt)],
);

const sourceKey = (name: string, t: { orgId: any; sourceId: any; externalId: any }) =>
  uniqueIndex(`${name}_source_key`).on(t.orgId, t.sourceId, t.externalId);
const sourceFk = (name: string, t: { orgId: any; sourceId: any }) =>
  foreignKey({ name: `${name}_source_fk`, columns: [t.orgId, t.sourceId], foreignColumns: [dataSources.orgId, dataSources.id] });

export const pipelines = pgTable(
  "pipelines",
  {
    orgId: orgIdColumn(),
    id: rowIdColumn(),
    ...sourceColumns(),
    name: text("name").notNull(),
    position: smallint("position").notNull().default(0),
    createdAt: created(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), sourceKey("pipelines", t), sourceFk("pipelines", t)],
);

export const stages = pgTable(
  "stages",
  {
    orgId: orgIdColumn(),
    id: rowIdColumn(),
    ...sourceColumns(),
    pipelineId: refColumn("pipeline_id").notNull(),
    name: text("name").notNull(),
    position: smallint("position").notNull(),
    /** The canonical step this stage maps to; null = unmapped (ignored by step metrics). */
    funnelStep: funnelStep("funnel_step"),
    /** Probability (0..1) used by the weighted pipeline. */
    winProbability: numeric("win_probability", { precision: 4, scale: 3, mode: "number" }),
    createdAt: created(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    sourceKey("stages", t),
    sourceFk("stages", t),
    foreignKey({ name: "stages_pipeline_fk", columns: [t.orgId, t.pipelineId], foreignColumns: [pipelines.orgId, pipelines.id] }).onDelete("cascade"),
  ],
);

export const teams = pgTable(
  "teams",
  {
    orgId: orgIdColumn(),
    id: rowIdColumn(),
    ...sourceColumns(),
    name: text("name").notNull(),
    createdAt: created(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), sourceKey("teams", t), sourceFk("teams", t)],
);

/** A salesperson as the CRM knows them; optionally linked to a member who signs in. */
export const reps = pgTable(
  "reps",
  {
    orgId: orgIdColumn(),
    id: rowIdColumn(),
    ...sourceColumns(),
    name: text("name").notNull(),
    email: text("email"),
    userId: text("user_id").references(() => users.id, { onDelete: "set null" }),
    active: boolean("active").notNull().default(true),
    createdAt: created(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), sourceKey("reps", t), sourceFk("reps", t), index("reps_user_idx").on(t.orgId, t.userId)],
);

/** A rep's membership of a team over time: [valid_from, valid_to), valid_to null = still in it. */
export const teamMemberships = pgTable(
  "team_memberships",
  {
    orgId: orgIdColumn(),
    teamId: refColumn("team_id").notNull(),
    repId: refColumn("rep_id").notNull(),
    validFrom: date("valid_from").notNull(),
    validTo: date("valid_to"),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.repId, t.validFrom] }),
    foreignKey({ name: "team_memberships_team_fk", columns: [t.orgId, t.teamId], foreignColumns: [teams.orgId, teams.id] }).onDelete("cascade"),
    foreignKey({ name: "team_memberships_rep_fk", columns: [t.orgId, t.repId], foreignColumns: [reps.orgId, reps.id] }).onDelete("cascade"),
  ],
);

/** Lead source / acquisition channel. */
export const channels = pgTable(
  "channels",
  {
    orgId: orgIdColumn(),
    id: rowIdColumn(),
    ...sourceColumns(),
    name: text("name").notNull(),
    /** Leads from this channel are provided by the company (inbound), not self-sourced by the rep. */
    providedByCompany: boolean("provided_by_company").notNull().default(true),
    createdAt: created(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), sourceKey("channels", t), sourceFk("channels", t)],
);

export const lossReasons = pgTable(
  "loss_reasons",
  {
    orgId: orgIdColumn(),
    id: rowIdColumn(),
    ...sourceColumns(),
    name: text("name").notNull(),
    /** A loss that could have been won (price, timing…), as opposed to junk or disqualified. */
    winnable: boolean("winnable").notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), sourceKey("loss_reasons", t), sourceFk("loss_reasons", t)],
);

export const customers = pgTable(
  "customers",
  {
    orgId: orgIdColumn(),
    id: rowIdColumn(),
    ...sourceColumns(),
    name: text("name").notNull(),
    createdAt: created(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), sourceKey("customers", t), sourceFk("customers", t)],
);

export const deals = pgTable(
  "deals",
  {
    orgId: orgIdColumn(),
    id: rowIdColumn(),
    ...sourceColumns(),
    title: text("title"),
    pipelineId: refColumn("pipeline_id").notNull(),
    stageId: refColumn("stage_id"),
    ownerRepId: refColumn("owner_rep_id"),
    channelId: refColumn("channel_id"),
    customerId: refColumn("customer_id"),
    amount: money("amount"),
    currency: text("currency"),
    cost: money("cost"),
    margin: money("margin"),
    status: dealStatus("status").notNull().default("open"),
    /** When the deal was created in the CRM (not when we imported it). */
    createdAt: ts("created_at").notNull(),
    /** First moment it reached `won` (stage history), or the CRM close time without history. */
    wonAt: ts("won_at"),
    lostAt: ts("lost_at"),
    lossReasonId: refColumn("loss_reason_id"),
    expectedCloseDate: date("expected_close_date"),
    crmUrl: text("crm_url"),
    importedAt: updated(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    sourceKey("deals", t),
    sourceFk("deals", t),
    foreignKey({ name: "deals_pipeline_fk", columns: [t.orgId, t.pipelineId], foreignColumns: [pipelines.orgId, pipelines.id] }),
    foreignKey({ name: "deals_stage_fk", columns: [t.orgId, t.stageId], foreignColumns: [stages.orgId, stages.id] }),
    foreignKey({ name: "deals_owner_fk", columns: [t.orgId, t.ownerRepId], foreignColumns: [reps.orgId, reps.id] }),
    foreignKey({ name: "deals_channel_fk", columns: [t.orgId, t.channelId], foreignColumns: [channels.orgId, channels.id] }),
    foreignKey({ name: "deals_customer_fk", columns: [t.orgId, t.customerId], foreignColumns: [customers.orgId, customers.id] }),
    foreignKey({ name: "deals_loss_reason_fk", columns: [t.orgId, t.lossReasonId], foreignColumns: [lossReasons.orgId, lossReasons.id] }),
    index("deals_created_idx").on(t.orgId, t.createdAt),
    index("deals_won_idx").on(t.orgId, t.wonAt),
    index("deals_lost_idx").on(t.orgId, t.lostAt),
    // With the id: a rep's deals as a set (the KPI engine's first cut for rep and team filters) without the heap.
    index("deals_owner_idx").on(t.orgId, t.ownerRepId, t.id),
  ],
);

/** One move of a deal between stages. from_stage_id null = the deal's first stage. */
export const dealStageEvents = pgTable(
  "deal_stage_events",
  {
    orgId: orgIdColumn(),
    id: rowIdColumn(),
    ...sourceColumns(),
    dealId: refColumn("deal_id").notNull(),
    fromStageId: refColumn("from_stage_id"),
    toStageId: refColumn("to_stage_id").notNull(),
    at: ts("at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    sourceKey("deal_stage_events", t),
    sourceFk("deal_stage_events", t),
    foreignKey({ name: "deal_stage_events_deal_fk", columns: [t.orgId, t.dealId], foreignColumns: [deals.orgId, deals.id] }).onDelete("cascade"),
    foreignKey({ name: "deal_stage_events_from_fk", columns: [t.orgId, t.fromStageId], foreignColumns: [stages.orgId, stages.id] }),
    foreignKey({ name: "deal_stage_events_to_fk", columns: [t.orgId, t.toStageId], foreignColumns: [stages.orgId, stages.id] }),
    index("deal_stage_events_deal_idx").on(t.orgId, t.dealId, t.at),
    index("deal_stage_events_at_idx").on(t.orgId, t.at),
  ],
);

/** A change of a deal's owner, so events are credited to who owned the deal at the time. */
export const dealOwnerEvents = pgTable(
  "deal_owner_events",
  {
    orgId: orgIdColumn(),
    id: rowIdColumn(),
    ...sourceColumns(),
    dealId: refColumn("deal_id").notNull(),
    fromRepId: refColumn("from_rep_id"),
    toRepId: refColumn("to_rep_id"),
    at: ts("at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    sourceKey("deal_owner_events", t),
    sourceFk("deal_owner_events", t),
    foreignKey({ name: "deal_owner_events_deal_fk", columns: [t.orgId, t.dealId], foreignColumns: [deals.orgId, deals.id] }).onDelete("cascade"),
    foreignKey({ name: "deal_owner_events_from_fk", columns: [t.orgId, t.fromRepId], foreignColumns: [reps.orgId, reps.id] }),
    foreignKey({ name: "deal_owner_events_to_fk", columns: [t.orgId, t.toRepId], foreignColumns: [reps.orgId, reps.id] }),
    index("deal_owner_events_deal_idx").on(t.orgId, t.dealId, t.at),
  ],
);

export const activities = pgTable(
  "activities",
  {
    orgId: orgIdColumn(),
    id: rowIdColumn(),
    ...sourceColumns(),
    type: activityType("type").notNull(),
    direction: activityDirection("direction"),
    repId: refColumn("rep_id"),
    dealId: refColumn("deal_id"),
    subject: text("subject"),
    /** When it was logged or booked. */
    createdAt: ts("created_at").notNull(),
    /** When it is (or was) due: the meeting's or call's start. */
    scheduledAt: ts("scheduled_at"),
    completedAt: ts("completed_at"),
    durationSeconds: integer("duration_seconds"),
    talkSeconds: integer("talk_seconds"),
    listenSeconds: integer("listen_seconds"),
    emailDelivered: boolean("email_delivered"),
    emailOpened: boolean("email_opened"),
    emailReplied: boolean("email_replied"),
    replySentiment: replySentiment("reply_sentiment"),
    meetingHeld: boolean("meeting_held"),
    /** Checklist score 0..100 of a reviewed call. */
    qualityScore: smallint("quality_score"),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    sourceKey("activities", t),
    sourceFk("activities", t),
    foreignKey({ name: "activities_rep_fk", columns: [t.orgId, t.repId], foreignColumns: [reps.orgId, reps.id] }),
    foreignKey({ name: "activities_deal_fk", columns: [t.orgId, t.dealId], foreignColumns: [deals.orgId, deals.id] }).onDelete("cascade"),
    index("activities_created_idx").on(t.orgId, t.createdAt),
    index("activities_completed_idx").on(t.orgId, t.completedAt),
    index("activities_deal_idx").on(t.orgId, t.dealId),
  ],
);

/** Marketing spend (org currency) and website sessions per channel per day. */
export const marketingDaily = pgTable(
  "marketing_daily",
  {
    orgId: orgIdColumn(),
    channelId: refColumn("channel_id").notNull(),
    day: date("day").notNull(),
    spend: money("spend").notNull().default(0),
    sessions: integer("sessions").notNull().default(0),
    sourceId: refColumn("source_id"),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.channelId, t.day] }),
    sourceFk("marketing_daily", t),
    foreignKey({ name: "marketing_daily_channel_fk", columns: [t.orgId, t.channelId], foreignColumns: [channels.orgId, channels.id] }).onDelete("cascade"),
  ],
);

/** A target for one metric, for a rep, a team or the organization, for a month or a quarter. */
export const quotas = pgTable(
  "quotas",
  {
    orgId: orgIdColumn(),
    id: rowIdColumn(),
    metric: text("metric").notNull(),
    scope: quotaScope("scope").notNull(),
    repId: refColumn("rep_id"),
    teamId: refColumn("team_id"),
    periodKind: quotaPeriodKind("period_kind").notNull(),
    periodStart: date("period_start").notNull(),
    target: numeric("target", { precision: 18, scale: 2, mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    unique("quotas_target_key")
      .on(t.orgId, t.metric, t.scope, t.repId, t.teamId, t.periodKind, t.periodStart)
      .nullsNotDistinct(),
    foreignKey({ name: "quotas_rep_fk", columns: [t.orgId, t.repId], foreignColumns: [reps.orgId, reps.id] }).onDelete("cascade"),
    foreignKey({ name: "quotas_team_fk", columns: [t.orgId, t.teamId], foreignColumns: [teams.orgId, teams.id] }).onDelete("cascade"),
    check("quotas_scope_check", sql`(${t.scope} = 'rep') = (${t.repId} is not null) and (${t.scope} = 'team') = (${t.teamId} is not null)`),
  ],
);

/** Units of the org's currency per one unit of `currency`, as of `day`. */
export const exchangeRates = pgTable(
  "exchange_rates",
  {
    orgId: orgIdColumn(),
    currency: text("currency").notNull(),
    day: date("day").notNull(),
    rate: numeric("rate", { precision: 20, scale: 10, mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.currency, t.day] })],
);

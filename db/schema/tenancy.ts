import { sql } from "drizzle-orm";
import {
  boolean,
  date,
  index,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";
import { users } from "./auth";

export const orgKind = pgEnum("org_kind", ["company", "agency"]);
export const ltvMethod = pgEnum("ltv_method", ["history", "subscription"]);
export const meetingCounting = pgEnum("meeting_counting", ["stage", "activity"]);

export const roles = [
  "owner",
  "admin",
  "consultant",
  "head_of_sales",
  "manager",
  "bdr",
  "sdr",
  "executive",
  "marketer",
  "viewer",
] as const;
export type Role = (typeof roles)[number];
export const memberRole = pgEnum("member_role", roles);

/** A tenant. Everything in the tenant tables belongs to exactly one organization. */
export const organizations = pgTable(
  "organizations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    slug: text("slug").notNull().unique(),
    kind: orgKind("kind").notNull().default("company"),
    currency: text("currency").notNull().default("USD"),
    timeZone: text("time_zone").notNull().default("UTC"),
    locale: text("locale").notNull().default("en"),
    /** ISO weekday the week starts on: 1 = Monday … 7 = Sunday. */
    weekStart: smallint("week_start").notNull().default(1),
    /** Working weekdays (ISO: 1 = Monday … 7 = Sunday); holidays are in org_holidays. */
    workingDays: smallint("working_days").array().notNull().default(sql`'{1,2,3,4,5}'::smallint[]`),
    /** Month (1–12) the fiscal year starts in. */
    fiscalYearStartMonth: smallint("fiscal_year_start_month").notNull().default(1),
    /** Cohort conversions count steps reached within this many days of a deal's creation (kpi-catalog). */
    conversionWindowDays: smallint("conversion_window_days").notNull().default(90),
    /** A customer without a won deal in this many days is churned. */
    churnWindowDays: smallint("churn_window_days").notNull().default(365),
    /** An open deal with no activity for this many days is stale. */
    staleDealDays: smallint("stale_deal_days").notNull().default(7),
    ltvMethod: ltvMethod("ltv_method").notNull().default("history"),
    /** Meetings counted from stage moves (default) or from meeting activities. */
    meetingCounting: meetingCounting("meeting_counting").notNull().default("stage"),
    /** The agency that set this client up and may reach it; null when none or revoked. */
    agencyOrgId: uuid("agency_org_id").references((): AnyPgColumn => organizations.id, { onDelete: "set null" }),
    /** The public demo company: any signed-in person may view it, nobody may change it. */
    isDemo: boolean("is_demo").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("organizations_agency_idx").on(t.agencyOrgId)],
);
export type Organization = typeof organizations.$inferSelect;

export const memberships = pgTable(
  "memberships",
  {
    orgId: uuid("org_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    role: memberRole("role").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.userId] }), index("memberships_user_idx").on(t.userId)],
);
export type Membership = typeof memberships.$inferSelect;

export const invitations = pgTable(
  "invitations",
  {
    orgId: uuid("org_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    email: text("email").notNull(),
    role: memberRole("role").notNull(),
    /** sha256 of the token sent by mail; the token itself is never stored. */
    tokenHash: text("token_hash").notNull().unique(),
    invitedBy: text("invited_by").references(() => users.id, { onDelete: "set null" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    acceptedBy: text("accepted_by").references(() => users.id, { onDelete: "set null" }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);
export type Invitation = typeof invitations.$inferSelect;


/** Days off in the organization's calendar (besides its non-working weekdays). */
export const orgHolidays = pgTable(
  "org_holidays",
  {
    orgId: uuid("org_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    day: date("day").notNull(),
    name: text("name").notNull().default(""),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.day] })],
);

/** Keys for the public REST API (metrics, ingest). Only a hash is kept; the key is shown once. */
export const apiKeys = pgTable(
  "api_keys",
  {
    orgId: uuid("org_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    name: text("name").notNull(),
    /** The key's first characters, shown in lists so people can tell keys apart. */
    prefix: text("prefix").notNull(),
    /** sha256 of the whole key. */
    keyHash: text("key_hash").notNull().unique(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);
export type ApiKey = typeof apiKeys.$inferSelect;

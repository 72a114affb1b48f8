import {
  boolean,
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


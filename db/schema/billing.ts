import { boolean, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { orgIdColumn } from "./columns";

const ts = (name: string) => timestamp(name, { withTimezone: true });

export const billingPlans = ["trial", "team", "business", "agency"] as const;
export const billingPlan = pgEnum("billing_plan", billingPlans);
/** Stripe's subscription statuses, as Stripe names them. */
export const subscriptionStatus = pgEnum("subscription_status", [
  "trialing",
  "active",
  "past_due",
  "canceled",
  "unpaid",
  "incomplete",
  "incomplete_expired",
  "paused",
]);

/** The org's subscription as the webhooks last told us; the UI reads it from here, never from Stripe on page load. */
export const subscriptions = pgTable("subscriptions", {
  orgId: orgIdColumn().primaryKey(),
  stripeCustomerId: text("stripe_customer_id").unique(),
  stripeSubscriptionId: text("stripe_subscription_id").unique(),
  plan: billingPlan("plan").notNull().default("trial"),
  status: subscriptionStatus("status"),
  quantity: integer("quantity"),
  trialEnd: ts("trial_end"),
  currentPeriodEnd: ts("current_period_end"),
  cancelAtPeriodEnd: boolean("cancel_at_period_end").notNull().default(false),
  /** When the subscription became past due; read-only starts after the grace period. */
  pastDueSince: ts("past_due_since"),
  /** `created` of the Stripe event or object this state came from; older events never overwrite newer state. */
  stripeUpdatedAt: ts("stripe_updated_at"),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});
export type Subscription = typeof subscriptions.$inferSelect;

/** Stripe event ids already processed: a replayed or duplicate delivery changes nothing. Not tenant data. */
export const stripeEvents = pgTable("stripe_events", {
  id: text("id").primaryKey(),
  type: text("type").notNull(),
  processedAt: ts("processed_at").notNull().defaultNow(),
});

/** Invoices as the webhooks reported them, listed on the billing page with their PDF links. */
export const invoices = pgTable(
  "invoices",
  {
    orgId: orgIdColumn(),
    id: text("id").notNull(),
    number: text("number"),
    status: text("status").notNull(),
    amountDue: integer("amount_due").notNull(),
    amountPaid: integer("amount_paid").notNull().default(0),
    currency: text("currency").notNull(),
    hostedInvoiceUrl: text("hosted_invoice_url"),
    invoicePdf: text("invoice_pdf"),
    periodStart: ts("period_start"),
    periodEnd: ts("period_end"),
    createdAt: ts("created_at").notNull(),
    raw: jsonb("raw").$type<Record<string, unknown>>(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

export const agencyTemplateKind = pgEnum("agency_template_kind", ["stage_mapping", "dashboards", "plans"]);

/** An agency's standard setup, saved from one client and applied to every new client. */
export const agencyTemplates = pgTable(
  "agency_templates",
  {
    orgId: orgIdColumn(),
    kind: agencyTemplateKind("kind").notNull(),
    payload: jsonb("payload").$type<unknown>().notNull(),
    /** The client it was saved from (kept only as a label). */
    savedFromOrgName: text("saved_from_org_name"),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.kind] })],
);

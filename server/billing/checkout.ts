import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { subscriptions, type Organization } from "@/db/schema";
import { conflict, DomainError, forbidden } from "@/server/errors";
import { billingUrlOf } from "./billing-state";
import { billingConfig, type BillingConfig } from "./config";
import { TRIAL_DAYS, type PaidPlanId } from "./plans";
import { billableQuantity } from "./quantity";
import { stripeClient } from "./stripe-client";

type PayingOrg = Pick<Organization, "id" | "slug" | "name" | "agencyOrgId">;

function requireBilling(): BillingConfig {
  const config = billingConfig();
  if (!config) throw new DomainError("invalid", "billing.errors.off");
  return config;
}

function assertPaysItself(org: PayingOrg) {
  if (org.agencyOrgId) throw forbidden("billing.errors.coveredByAgency");
}

const liveStatuses = new Set(["trialing", "active", "past_due", "unpaid", "incomplete", "paused"]);

/**
 * The org's Stripe customer, made once: the subscriptions row is locked while it is created, so two checkouts
 * started at once share one customer.
 */
async function ensureCustomer(db: Db, config: BillingConfig, org: PayingOrg, email: string | null): Promise<string> {
  return db.transaction(async (tx) => {
    await tx.insert(subscriptions).values({ orgId: org.id }).onConflictDoNothing();
    const [row] = await tx.select().from(subscriptions).where(eq(subscriptions.orgId, org.id)).for("update");
    if (row?.stripeCustomerId) return row.stripeCustomerId;
    const customer = await stripeClient(config).customers.create(
      { name: org.name, ...(email && { email }), metadata: { orgId: org.id } },
      { idempotencyKey: `customer-${org.id}` },
    );
    await tx.update(subscriptions).set({ stripeCustomerId: customer.id, updatedAt: new Date() }).where(eq(subscriptions.orgId, org.id));
    return customer.id;
  });
}

/**
 * A Stripe Checkout Session (subscription mode) for a plan; the first subscription starts with a trial.
 * Returns the page to send the person to. An org that already has a live subscription changes plan in the portal.
 */
export async function startCheckout(db: Db, org: PayingOrg, plan: PaidPlanId, buyer: { email: string | null; origin: string }): Promise<{ url: string }> {
  const config = requireBilling();
  assertPaysItself(org);
  const price = config.priceIds[plan];
  if (!price) throw new DomainError("invalid", "billing.errors.priceMissing");
  const [row] = await db.select().from(subscriptions).where(eq(subscriptions.orgId, org.id));
  if (row?.stripeSubscriptionId && row.status && liveStatuses.has(row.status)) throw conflict("billing.errors.alreadySubscribed");

  const customer = await ensureCustomer(db, config, org, buyer.email);
  const billingPage = `${buyer.origin}${billingUrlOf(org.slug)}`;
  const session = await stripeClient(config).checkout.sessions.create({
    mode: "subscription",
    customer,
    client_reference_id: org.id,
    line_items: [{ price, quantity: await billableQuantity(db, org.id, plan) }],
    subscription_data: {
      metadata: { orgId: org.id, plan },
      ...(!row?.stripeSubscriptionId && { trial_period_days: TRIAL_DAYS }),
    },
    metadata: { orgId: org.id, plan },
    success_url: `${billingPage}?session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: billingPage,
  });
  if (!session.url) throw new Error("Stripe returned a checkout session without a URL");
  return { url: session.url };
}

/** A Stripe customer portal session (payment method, invoices, plan change, cancellation). */
export async function openPortal(db: Db, org: PayingOrg, origin: string): Promise<{ url: string }> {
  const config = requireBilling();
  assertPaysItself(org);
  const [row] = await db.select({ customer: subscriptions.stripeCustomerId }).from(subscriptions).where(eq(subscriptions.orgId, org.id));
  if (!row?.customer) throw new DomainError("invalid", "billing.errors.noCustomer");
  const session = await stripeClient(config).billingPortal.sessions.create({ customer: row.customer, return_url: `${origin}${billingUrlOf(org.slug)}` });
  return { url: session.url };
}

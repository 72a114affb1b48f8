import { and, eq, isNull, lte, or, sql } from "drizzle-orm";
import type Stripe from "stripe";
import type { Tx } from "@/db/client";
import { subscriptions, subscriptionStatus, type Subscription } from "@/db/schema";
import { planOfPrice, type BillingConfig } from "../config";
import { historyLengthened, rereadHistoryAfterUpgrade } from "@/server/sources/history-window";
import { isPaidPlan, plans, type PlanId } from "../plans";

/** A plan that keeps more months of history than the one before: the org's CRMs read their whole history again. */
async function followHistoryLength(tx: Tx, orgId: string, before: PlanId, after: PlanId) {
  if (historyLengthened(plans[before].limits.historyMonths, plans[after].limits.historyMonths)) await rereadHistoryAfterUpgrade(tx, orgId);
}

const ended: Subscription["status"][] = ["canceled", "incomplete_expired"];
const pastDue: Subscription["status"][] = ["past_due", "unpaid"];

type Status = NonNullable<Subscription["status"]>;
/** A status Stripe may add later is stored as "incomplete" (writes continue through the grace period). */
const knownStatus = (status: string): Status => ((subscriptionStatus.enumValues as string[]).includes(status) ? (status as Status) : "incomplete");

/** The org a Stripe object belongs to: from its metadata (we set orgId on everything we create), else by customer. */
export async function orgOfCustomer(tx: Tx, customer: string | { id: string } | null, metadataOrgId?: string): Promise<string | null> {
  if (metadataOrgId) return metadataOrgId;
  const customerId = typeof customer === "string" ? customer : customer?.id;
  if (!customerId) return null;
  const [row] = await tx.select({ orgId: subscriptions.orgId }).from(subscriptions).where(eq(subscriptions.stripeCustomerId, customerId));
  return row?.orgId ?? null;
}

/**
 * Stores a subscription as an event reported it. Events arrive late and out of order: state from an event older
 * than the stored one is skipped (stripe_updated_at), and an ended subscription never replaces a different,
 * live one (an org that subscribed again). The plan follows the item's Price, so a plan switched in the portal
 * (upgrade or downgrade) lands with the event that reports it. Returns the org whose live plan this event changed.
 */
export async function applySubscription(
  tx: Tx,
  config: BillingConfig,
  subscription: Stripe.Subscription,
  eventCreated: number,
  deleted: boolean,
): Promise<{ planChangedFor: string | null }> {
  const unchanged = { planChangedFor: null };
  const orgId = await orgOfCustomer(tx, subscription.customer, subscription.metadata?.orgId);
  if (!orgId) return unchanged;
  const at = new Date(eventCreated * 1000);
  const item = subscription.items.data[0];
  const status = deleted ? "canceled" : knownStatus(subscription.status);
  const [current] = await tx.select().from(subscriptions).where(eq(subscriptions.orgId, orgId)).for("update");
  if (current?.stripeSubscriptionId && current.stripeSubscriptionId !== subscription.id && ended.includes(status)) return unchanged;

  const metadataPlan = subscription.metadata?.plan;
  const plan = planOfPrice(config, item?.price.id) ?? (metadataPlan && isPaidPlan(metadataPlan) ? metadataPlan : (current?.plan ?? "trial"));
  const values = {
    stripeCustomerId: typeof subscription.customer === "string" ? subscription.customer : subscription.customer.id,
    stripeSubscriptionId: subscription.id,
    plan,
    status,
    quantity: item?.quantity ?? null,
    trialEnd: subscription.trial_end ? new Date(subscription.trial_end * 1000) : null,
    // Since API 2025-03-31 the billing period lives on each subscription item.
    currentPeriodEnd: item?.current_period_end ? new Date(item.current_period_end * 1000) : null,
    cancelAtPeriodEnd: subscription.cancel_at_period_end,
    stripeUpdatedAt: at,
    updatedAt: new Date(),
  };
  const written = await tx
    .insert(subscriptions)
    .values({ orgId, ...values, pastDueSince: pastDue.includes(status) ? at : null })
    .onConflictDoUpdate({
      target: subscriptions.orgId,
      set: { ...values, pastDueSince: pastDue.includes(status) ? sql`coalesce(${subscriptions.pastDueSince}, ${at.toISOString()}::timestamptz)` : null },
      setWhere: or(isNull(subscriptions.stripeUpdatedAt), lte(subscriptions.stripeUpdatedAt, at)),
    })
    .returning({ plan: subscriptions.plan });
  const planChanged = written.length > 0 && current !== undefined && current.plan !== plan && !ended.includes(status);
  if (written.length > 0 && !ended.includes(status)) await followHistoryLength(tx, orgId, current?.plan ?? "trial", plan);
  return { planChangedFor: planChanged ? orgId : null };
}

/** Checkout finished: remember the customer and subscription ids (the subscription events carry the details). */
export async function applyCheckoutCompleted(tx: Tx, session: Stripe.Checkout.Session) {
  const orgId = session.client_reference_id ?? session.metadata?.orgId;
  const customerId = typeof session.customer === "string" ? session.customer : session.customer?.id;
  const subscriptionId = typeof session.subscription === "string" ? session.subscription : session.subscription?.id;
  if (!orgId || !customerId || !subscriptionId || session.mode !== "subscription") return;
  const metadataPlan = session.metadata?.plan;
  const plan = metadataPlan && isPaidPlan(metadataPlan) ? metadataPlan : "trial";
  const [before] = await tx.select({ plan: subscriptions.plan, subscriptionId: subscriptions.stripeSubscriptionId }).from(subscriptions).where(eq(subscriptions.orgId, orgId));
  // The first subscription (from the trial), or a new one after a cancelled one: its plan may keep more history.
  if (before?.subscriptionId !== subscriptionId) await followHistoryLength(tx, orgId, before?.subscriptionId ? before.plan : "trial", plan);
  await tx
    .insert(subscriptions)
    .values({ orgId, stripeCustomerId: customerId, stripeSubscriptionId: subscriptionId, plan })
    .onConflictDoUpdate({
      target: subscriptions.orgId,
      // A new subscription replaces an ended one; its own events bring status and periods.
      set: { stripeCustomerId: customerId, stripeSubscriptionId: subscriptionId, plan, status: null, pastDueSince: null, updatedAt: new Date() },
      // Details already stored from this subscription's own events stay.
      setWhere: or(isNull(subscriptions.stripeSubscriptionId), sql`${subscriptions.stripeSubscriptionId} <> ${subscriptionId}`),
    });
}

/** A failed payment starts the grace period (once: a later retry failing does not move it). */
export async function markPaymentFailed(tx: Tx, orgId: string, eventCreated: number) {
  await tx
    .update(subscriptions)
    .set({ pastDueSince: new Date(eventCreated * 1000) })
    .where(and(eq(subscriptions.orgId, orgId), isNull(subscriptions.pastDueSince)));
}

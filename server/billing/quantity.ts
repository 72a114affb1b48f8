import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { subscriptions } from "@/db/schema";
import type { Queryable } from "./billing-state";
import { billingConfig } from "./config";
import { plans, type PlanId } from "./plans";
import { stripeClient } from "./stripe-client";
import { clientsUsed, membersCount } from "./usage";

/** What the subscription's quantity should be: members on seat plans, client organizations on the agency plan. */
export async function billableQuantity(db: Queryable, orgId: string, plan: PlanId): Promise<number> {
  const per = plans[plan].billedPer;
  const n = per === "client" ? await clientsUsed(db, orgId) : await membersCount(db, orgId);
  return Math.max(1, n);
}

/**
 * After members join or leave (or an agency adds a client), sets the Stripe subscription item's quantity to match.
 * The customer.subscription.updated webhook then stores it. Never throws: a Stripe outage must not undo a
 * membership change; the next change or a manual sync corrects the quantity.
 */
export async function syncSubscriptionQuantity(db: Db, orgId: string): Promise<void> {
  const config = billingConfig();
  if (!config) return;
  try {
    const [row] = await db.select().from(subscriptions).where(eq(subscriptions.orgId, orgId));
    if (!row?.stripeSubscriptionId || !plans[row.plan].billedPer || row.status === "canceled" || row.status === "incomplete_expired") return;
    const quantity = await billableQuantity(db, orgId, row.plan);
    if (quantity === row.quantity) return;
    const stripe = stripeClient(config);
    const subscription = await stripe.subscriptions.retrieve(row.stripeSubscriptionId);
    const item = subscription.items.data[0];
    if (!item || item.quantity === quantity) return;
    await stripe.subscriptionItems.update(item.id, { quantity, proration_behavior: "create_prorations" });
  } catch (error) {
    console.error(`billing: could not update the subscription quantity of org ${orgId}`, error);
  }
}

import type Stripe from "stripe";
import type { Db } from "@/db/client";
import { stripeEvents } from "@/db/schema";
import type { BillingConfig } from "../config";
import { applyCheckoutCompleted, applySubscription, markPaymentFailed, orgOfCustomer } from "./apply-subscription";
import { storeInvoice } from "./store-invoice";

export type EventOutcome = "processed" | "duplicate";
/** What applying an event did: whether it was new, and the org whose plan it switched (its quantity may need to follow). */
export type ProcessedEvent = { outcome: EventOutcome; planChangedFor: string | null };

/**
 * Applies one verified Stripe event exactly once: its id is recorded in the same transaction as its effect,
 * so a replayed or concurrent duplicate delivery changes nothing. Event types we do not use are recorded too.
 */
export async function processStripeEvent(db: Db, config: BillingConfig, event: Stripe.Event): Promise<ProcessedEvent> {
  return db.transaction(async (tx) => {
    const [first] = await tx.insert(stripeEvents).values({ id: event.id, type: event.type }).onConflictDoNothing().returning({ id: stripeEvents.id });
    if (!first) return { outcome: "duplicate", planChangedFor: null };
    let planChangedFor: string | null = null;

    switch (event.type) {
      case "checkout.session.completed":
        await applyCheckoutCompleted(tx, event.data.object);
        break;
      case "customer.subscription.created":
      case "customer.subscription.updated":
      case "customer.subscription.deleted":
        ({ planChangedFor } = await applySubscription(tx, config, event.data.object, event.created, event.type === "customer.subscription.deleted"));
        break;
      case "invoice.paid":
      case "invoice.payment_failed": {
        const invoice = event.data.object;
        const orgId = await orgOfCustomer(tx, invoice.customer, invoice.metadata?.orgId);
        if (!orgId) break;
        await storeInvoice(tx, orgId, invoice);
        if (event.type === "invoice.payment_failed") await markPaymentFailed(tx, orgId, event.created);
        break;
      }
    }
    return { outcome: "processed", planChangedFor };
  });
}

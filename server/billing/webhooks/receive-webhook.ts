import type Stripe from "stripe";
import type { Db } from "@/db/client";
import { billingConfig } from "../config";
import { syncSubscriptionQuantity } from "../quantity";
import { stripeClient } from "../stripe-client";
import { processStripeEvent } from "./process-event";

export type WebhookResponse = { status: number; body: Record<string, unknown> };

/**
 * A webhook delivery: the signature is checked against the raw body before anything is read or written
 * (400 on a bad one), then the event is applied once. After a plan switch (the portal) the subscription's quantity
 * is brought to what the new plan counts (members, or an agency's clients); Stripe keeps the old quantity.
 */
export async function receiveStripeWebhook(db: Db, rawBody: string, signature: string | null): Promise<WebhookResponse> {
  const config = billingConfig();
  if (!config?.webhookSecret) return { status: 404, body: { error: "billing is not configured" } };
  let event: Stripe.Event;
  try {
    event = await stripeClient(config).webhooks.constructEventAsync(rawBody, signature ?? "", config.webhookSecret);
  } catch {
    return { status: 400, body: { error: "invalid signature" } };
  }
  const { outcome, planChangedFor } = await processStripeEvent(db, config, event);
  if (planChangedFor) await syncSubscriptionQuantity(db, planChangedFor);
  return { status: 200, body: { received: true, outcome } };
}

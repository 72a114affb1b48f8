import { getDb } from "@/db/client";
import { receiveStripeWebhook } from "@/server/billing/webhooks/receive-webhook";

/** Stripe's webhook: the body is read raw, because the signature covers the exact bytes. */
export async function POST(request: Request) {
  const { status, body } = await receiveStripeWebhook(getDb(), await request.text(), request.headers.get("stripe-signature"));
  return Response.json(body, { status });
}

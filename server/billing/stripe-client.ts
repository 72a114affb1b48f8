import "server-only";
import Stripe from "stripe";
import type { BillingConfig } from "./config";

const clients = new Map<string, Stripe>();

/**
 * The Stripe SDK for this configuration, made once per key and API address. apiVersion stays unset: the SDK
 * pins the version its types describe. STRIPE_API_BASE points it at a local stand-in (tests, e2e).
 */
export function stripeClient(config: BillingConfig): Stripe {
  const cacheKey = `${config.secretKey}@${config.apiBase?.href ?? ""}`;
  let client = clients.get(cacheKey);
  if (!client) {
    const base = config.apiBase;
    client = new Stripe(config.secretKey, {
      telemetry: false,
      ...(base && {
        host: base.hostname,
        port: Number(base.port || (base.protocol === "https:" ? 443 : 80)),
        protocol: base.protocol === "https:" ? "https" : "http",
        maxNetworkRetries: 0,
      }),
    });
    clients.set(cacheKey, client);
  }
  return client;
}

import type { PaidPlanId } from "./plans";

export type BillingConfig = {
  secretKey: string;
  webhookSecret: string | null;
  /** A local server that answers like the Stripe API (tests, e2e); null: the real API. */
  apiBase: URL | null;
  priceIds: Record<PaidPlanId, string | null>;
};

/**
 * Billing settings from the environment, read on each call (tests switch them). Null: STRIPE_SECRET_KEY is unset,
 * billing is off and every plan limit is open.
 */
export function billingConfig(env: NodeJS.ProcessEnv = process.env): BillingConfig | null {
  const secretKey = env.STRIPE_SECRET_KEY?.trim();
  if (!secretKey) return null;
  return {
    secretKey,
    webhookSecret: env.STRIPE_WEBHOOK_SECRET?.trim() || null,
    apiBase: env.STRIPE_API_BASE?.trim() ? new URL(env.STRIPE_API_BASE.trim()) : null,
    priceIds: {
      team: env.STRIPE_PRICE_TEAM?.trim() || null,
      business: env.STRIPE_PRICE_BUSINESS?.trim() || null,
      agency: env.STRIPE_PRICE_AGENCY?.trim() || null,
    },
  };
}

export const billingEnabled = () => billingConfig() !== null;

/** Which of our plans a Stripe Price id stands for; null for a price we do not know. */
export function planOfPrice(config: BillingConfig, priceId: string | null | undefined): PaidPlanId | null {
  if (!priceId) return null;
  const entry = Object.entries(config.priceIds).find(([, id]) => id === priceId);
  return entry ? (entry[0] as PaidPlanId) : null;
}

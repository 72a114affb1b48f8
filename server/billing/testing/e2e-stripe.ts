import { startFakeStripe } from "./fake-stripe-server";

/** Price ids and list prices the e2e app and its fake Stripe agree on. */
const prices = { team: "price_e2e_team", business: "price_e2e_business", agency: "price_e2e_agency" };
const WEBHOOK_SECRET = "whsec_e2e_only";

/**
 * Starts the fake Stripe for the Playwright app on `appPort` and returns the environment that points the app at it
 * (billing on: every journey runs with plan limits, as production does).
 */
export async function startE2eStripe(appPort: string): Promise<Record<string, string>> {
  const fake = await startFakeStripe({
    webhookSecret: WEBHOOK_SECRET,
    webhookUrl: `http://localhost:${appPort}/api/webhooks/stripe`,
    unitAmounts: { [prices.team]: 1500, [prices.business]: 3000, [prices.agency]: 2000 },
    priceNames: { [prices.team]: "Team", [prices.business]: "Business", [prices.agency]: "Agency" },
  });
  return {
    STRIPE_SECRET_KEY: "sk_test_e2e_only",
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_API_BASE: fake.url,
    STRIPE_PRICE_TEAM: prices.team,
    STRIPE_PRICE_BUSINESS: prices.business,
    STRIPE_PRICE_AGENCY: prices.agency,
  };
}

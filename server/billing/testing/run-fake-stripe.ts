/**
 * The fake Stripe for trying billing locally without a Stripe account:
 *   npx tsx server/billing/testing/run-fake-stripe.ts [port] [app webhook URL]
 * then start the app with the environment it prints.
 */
import { startFakeStripe } from "./fake-stripe-server";

const port = Number(process.argv[2] ?? 12111);
const webhookUrl = process.argv[3] ?? "http://localhost:3000/api/webhooks/stripe";
const webhookSecret = "whsec_local_fake";

startFakeStripe({ port, webhookUrl, webhookSecret, unitAmounts: { price_team: 1500, price_business: 3000, price_agency: 2000 },
  priceNames: { price_team: "Team", price_business: "Business", price_agency: "Agency" },
}).then((fake) => {
  console.log(`Fake Stripe on ${fake.url}, sending webhooks to ${webhookUrl}. Start the app with:\n`);
  console.log(
    [
      "STRIPE_SECRET_KEY=sk_test_local_fake",
      `STRIPE_WEBHOOK_SECRET=${webhookSecret}`,
      `STRIPE_API_BASE=${fake.url}`,
      "STRIPE_PRICE_TEAM=price_team",
      "STRIPE_PRICE_BUSINESS=price_business",
      "STRIPE_PRICE_AGENCY=price_agency",
    ].join(" \\\n  ") + " \\\n  npm run dev",
  );
});

/** The fake Stripe's hosted pages: just enough for a person (or Playwright) to pay, switch plan or cancel. */

const escape = (value: unknown) => String(value ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const layout = (title: string, body: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>body{font-family:sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1f2937}button{background:#635bff;color:#fff;border:0;border-radius:6px;padding:.6rem 1.2rem;font-size:1rem;cursor:pointer}a{color:#635bff}</style>
</head><body><p><strong>Test mode</strong> · local Stripe stand-in</p>${body}</body></html>`;

export function checkoutPage(session: Record<string, any>, unitAmount: number) {
  const line = session.line_items[0];
  const trialDays = session.subscription_data?.trial_period_days;
  return layout(
    "Checkout",
    `<h1>Subscribe to ${escape(session.metadata?.plan ?? line.price)}</h1>
<p>${escape(line.quantity)} × $${(unitAmount / 100).toFixed(2)} per month${trialDays ? `, ${escape(trialDays)}-day free trial` : ""}</p>
<form method="post" action="/checkout/${escape(session.id)}/pay"><button type="submit">Pay and subscribe</button></form>
<p><a href="${escape(session.cancel_url)}">Back</a></p>`,
  );
}

export type StandInPrice = { id: string; name: string; unitAmount: number };

export function portalPage(portal: Record<string, any>, subscription: Record<string, any> | undefined, prices: StandInPrice[] = []) {
  const item = subscription?.items.data[0];
  const current = prices.find((price) => price.id === item?.price.id);
  const others = prices.filter((price) => price.id !== item?.price.id);
  const switchForms = others
    .map(
      (price) => `<form method="post" action="/portal/${escape(portal.id)}/switch"><input type="hidden" name="price" value="${escape(price.id)}">
<button type="submit">Switch to ${escape(price.name)}</button> $${(price.unitAmount / 100).toFixed(2)} per unit / month</form>`,
    )
    .join("\n");
  return layout(
    "Customer portal",
    `<h1>Manage your subscription</h1>
${subscription ? `<p>Status: ${escape(subscription.status)}${subscription.cancel_at_period_end ? " (ends at period end)" : ""}</p>
<p>Current plan: <strong>${escape(current?.name ?? item?.price.id)}</strong>, quantity ${escape(item?.quantity)}</p>
${others.length ? `<h2>Change plan</h2>\n${switchForms}` : ""}
<h2>Cancel</h2>
<form method="post" action="/portal/${escape(portal.id)}/cancel"><button type="submit">Cancel subscription</button></form>
<p>Test only:</p>
<form method="post" action="/portal/${escape(portal.id)}/fail-payment"><button type="submit">Simulate a failed payment</button></form>` : "<p>No subscription.</p>"}
<p><a href="${escape(portal.return_url)}">Return to the app</a></p>`,
  );
}

import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { parseFormBody } from "./form-body";
import { checkoutPage, portalPage } from "./stand-in-pages";

/**
 * A local stand-in for the Stripe API and its hosted pages, for tests and the e2e server. It answers the calls
 * the app makes (customers, checkout sessions, portal sessions, subscriptions, subscription items, invoices),
 * and its stand-in Checkout and portal pages send signed webhooks to the app as Stripe would.
 */
export type FakeStripeOptions = {
  webhookSecret: string;
  /** The app's webhook endpoint; events are delivered there, signed. */
  webhookUrl: string;
  /** Monthly unit amount (cents) per Price id; unknown prices cost 1000. */
  unitAmounts?: Record<string, number>;
  /** What the portal calls each Price (the plan's name); the portal offers every known Price to switch to. */
  priceNames?: Record<string, string>;
  port?: number;
};

type Obj = Record<string, any>;
const now = () => Math.floor(Date.now() / 1000);
const newId = (prefix: string) => `${prefix}_${randomBytes(8).toString("hex")}`;
const MONTH = 30 * 24 * 3600;

export async function startFakeStripe(options: FakeStripeOptions) {
  const customers = new Map<string, Obj>();
  const sessions = new Map<string, Obj>();
  const portals = new Map<string, Obj>();
  const subscriptions = new Map<string, Obj>();
  const invoices = new Map<string, Obj>();
  const delivered: Obj[] = [];
  let base = "";

  async function send(type: string, object: Obj) {
    const event = { id: newId("evt"), object: "event", api_version: null, created: now(), livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, type, data: { object } };
    const payload = JSON.stringify(event);
    const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: options.webhookSecret });
    const response = await fetch(options.webhookUrl, { method: "POST", headers: { "content-type": "application/json", "stripe-signature": signature }, body: payload });
    delivered.push(event);
    if (!response.ok) throw new Error(`webhook ${type} answered ${response.status}`);
    return event;
  }

  function unitAmount(price: string) {
    return options.unitAmounts?.[price] ?? 1000;
  }

  /** The Prices this Stripe account has: those with an amount or a name, each with what the portal shows. */
  function knownPrices() {
    const ids = new Set([...Object.keys(options.unitAmounts ?? {}), ...Object.keys(options.priceNames ?? {})]);
    return [...ids].map((id) => ({ id, name: options.priceNames?.[id] ?? id, unitAmount: unitAmount(id) }));
  }

  const priceObject = (price: string) => ({ id: price, object: "price", unit_amount: unitAmount(price), currency: "usd" });

  function createSubscription(session: Obj): Obj {
    const line = session.line_items[0];
    const trialDays = Number(session.subscription_data?.trial_period_days ?? 0);
    const start = now();
    const periodEnd = start + (trialDays ? trialDays * 24 * 3600 : MONTH);
    const id = newId("sub");
    const subscription = {
      id,
      object: "subscription",
      customer: session.customer,
      status: trialDays ? "trialing" : "active",
      cancel_at_period_end: false,
      created: start,
      trial_end: trialDays ? periodEnd : null,
      metadata: session.subscription_data?.metadata ?? {},
      items: {
        object: "list",
        data: [{ id: newId("si"), object: "subscription_item", subscription: id, quantity: Number(line.quantity ?? 1), price: priceObject(line.price), current_period_start: start, current_period_end: periodEnd }],
      },
    };
    subscriptions.set(id, subscription);
    return subscription;
  }

  function createInvoice(subscription: Obj, paid: boolean): Obj {
    const item = subscription.items.data[0];
    const amount = subscription.status === "trialing" && paid ? 0 : item.price.unit_amount * item.quantity;
    const id = newId("in");
    const invoice = {
      id,
      object: "invoice",
      customer: subscription.customer,
      number: `FAKE-${String(invoices.size + 1).padStart(4, "0")}`,
      status: paid ? "paid" : "open",
      amount_due: amount,
      amount_paid: paid ? amount : 0,
      currency: "usd",
      created: now(),
      period_start: item.current_period_start,
      period_end: item.current_period_end,
      hosted_invoice_url: `${base}/invoices/${id}`,
      invoice_pdf: `${base}/invoices/${id}.pdf`,
      metadata: {},
    };
    invoices.set(id, invoice);
    return invoice;
  }

  /** The stand-in Checkout's "Pay": the subscription starts, the webhooks go out, the buyer returns to the app. */
  async function pay(sessionId: string): Promise<string> {
    const session = sessions.get(sessionId);
    if (!session) throw new Error(`no checkout session ${sessionId}`);
    const subscription = createSubscription(session);
    Object.assign(session, { status: "complete", payment_status: "paid", subscription: subscription.id });
    await send("checkout.session.completed", session);
    await send("customer.subscription.created", subscription);
    await send("invoice.paid", createInvoice(subscription, true));
    return String(session.success_url).replace("{CHECKOUT_SESSION_ID}", session.id);
  }

  /** The renewal charge is declined: the invoice stays open and the subscription goes past due. */
  async function failPayment(subscription: Obj) {
    subscription.status = "past_due";
    await send("invoice.payment_failed", createInvoice(subscription, false));
    await send("customer.subscription.updated", subscription);
  }

  /**
   * Changes a subscription as `POST /v1/subscriptions/:id` does: cancel at period end, or another Price on its item
   * (`items[0][price]`; the item keeps its quantity, as in Stripe), then reports it in customer.subscription.updated.
   */
  async function updateSubscription(subscription: Obj, changes: Obj) {
    if (changes.cancel_at_period_end !== undefined) subscription.cancel_at_period_end = String(changes.cancel_at_period_end) === "true";
    const newPrice = changes.items?.[0]?.price;
    if (newPrice) {
      const item = subscription.items.data[0];
      item.price = priceObject(String(newPrice));
      if (changes.items[0].quantity !== undefined) item.quantity = Number(changes.items[0].quantity);
    }
    await send("customer.subscription.updated", subscription);
  }

  const api: Record<string, (params: Obj, match: RegExpMatchArray) => Promise<Obj> | Obj> = {
    "POST /v1/customers": (p) => {
      const customer = { id: newId("cus"), object: "customer", name: p.name ?? null, email: p.email ?? null, metadata: p.metadata ?? {} };
      customers.set(customer.id, customer);
      return customer;
    },
    "POST /v1/checkout/sessions": (p) => {
      const id = newId("cs_test");
      const session = { ...p, id, object: "checkout.session", status: "open", payment_status: "unpaid", subscription: null, url: `${base}/checkout/${id}` };
      sessions.set(id, session);
      return session;
    },
    "POST /v1/billing_portal/sessions": (p) => {
      const id = newId("bps");
      const portal = { id, object: "billing_portal.session", customer: p.customer, return_url: p.return_url, url: `${base}/portal/${id}` };
      portals.set(id, portal);
      return portal;
    },
    "GET /v1/subscriptions/([^/]+)": (_p, m) => subscriptions.get(m[1]!) ?? notFound(),
    "POST /v1/subscriptions/([^/]+)": async (p, m) => {
      const subscription = subscriptions.get(m[1]!) ?? notFound();
      await updateSubscription(subscription, p);
      return subscription;
    },
    "POST /v1/subscription_items/([^/]+)": async (p, m) => {
      const subscription = [...subscriptions.values()].find((s) => s.items.data[0].id === m[1]) ?? notFound();
      const item = subscription.items.data[0];
      if (p.quantity !== undefined) item.quantity = Number(p.quantity);
      await send("customer.subscription.updated", subscription);
      return item;
    },
    "GET /v1/invoices": (p) => ({ object: "list", has_more: false, data: [...invoices.values()].filter((i) => !p.customer || i.customer === p.customer) }),
  };

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? "/", base);
    if (url.pathname === "/favicon.ico") return void response.writeHead(204).end();
    const body = await readBody(request);
    const params = request.method === "GET" ? Object.fromEntries(url.searchParams) : parseFormBody(body);
    const page = url.pathname.match(/^\/(checkout|portal)\/([^/]+)(?:\/(pay|cancel|fail-payment|switch))?$/);
    if (page) return standIn(page[1]!, page[2]!, page[3], params, response);
    for (const [route, handler] of Object.entries(api)) {
      const [method, pattern] = route.split(" ");
      const match = url.pathname.match(new RegExp(`^${pattern}$`));
      if (method === request.method && match) return json(response, 200, await handler(params, match));
    }
    json(response, 404, { error: { type: "invalid_request_error", message: `No such route ${request.method} ${url.pathname}` } });
  }

  async function standIn(kind: string, id: string, action: string | undefined, form: Obj, response: ServerResponse) {
    if (kind === "checkout") {
      const session = sessions.get(id);
      if (!session) return json(response, 404, {});
      if (!action) return html(response, checkoutPage(session, unitAmount(session.line_items[0].price)));
      return redirect(response, await pay(id));
    }
    const portal = portals.get(id);
    if (!portal) return json(response, 404, {});
    const subscription = [...subscriptions.values()].find((s) => s.customer === portal.customer && s.status !== "canceled");
    if (!action) return html(response, portalPage(portal, subscription, knownPrices()));
    if (action === "cancel" && subscription) await updateSubscription(subscription, { cancel_at_period_end: "true" });
    // Switching plan in the portal: the subscription's item moves to the chosen Price (a known one only).
    if (action === "switch" && subscription && knownPrices().some((price) => price.id === form.price)) {
      await updateSubscription(subscription, { items: [{ id: subscription.items.data[0].id, price: form.price }] });
    }
    if (action === "fail-payment" && subscription) await failPayment(subscription);
    return redirect(response, portal.return_url);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const status = (error as { status?: number }).status ?? 500;
      json(response, status, { error: { type: status === 404 ? "invalid_request_error" : "api_error", message: String(error) } });
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    customers,
    sessions,
    subscriptions,
    invoices,
    /** Every event sent to the app so far, oldest first. */
    delivered,
    pay,
    /** Sends an event about an object, as Stripe would (for tests of past-due, cancellation…). */
    send,
    /** The portal's plan switch: moves a subscription to another Price and sends customer.subscription.updated. */
    switchPrice: (subscriptionId: string, price: string) => updateSubscription(subscriptions.get(subscriptionId) ?? notFound(), { items: [{ price }] }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type FakeStripe = Awaited<ReturnType<typeof startFakeStripe>>;

function notFound(): never {
  throw Object.assign(new Error("resource_missing"), { status: 404 });
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = "";
    request.on("data", (chunk: Buffer) => (data += chunk.toString("utf8")));
    request.on("end", () => resolve(data));
    request.on("error", reject);
  });
}

function json(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { "content-type": "application/json", "request-id": newId("req") });
  response.end(JSON.stringify(body));
}

function html(response: ServerResponse, body: string) {
  response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  response.end(body);
}

function redirect(response: ServerResponse, location: string) {
  response.writeHead(303, { location });
  response.end();
}

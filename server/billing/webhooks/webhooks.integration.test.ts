import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { devMailbox, invoices, memberships, organizations, stripeEvents, subscriptions, users } from "@/db/schema";
import { POST } from "@/app/api/webhooks/stripe/route";
import { acceptInvitation, inviteMember } from "@/server/tenancy/invitations";
import { removeMember } from "@/server/tenancy/members";
import { createCaller } from "@/server/trpc/root";
import { DomainError } from "@/server/errors";
import { createTestDatabase } from "@/test/db";
import { loadBillingState } from "../billing-state";
import { loadOverLimits } from "../over-limit";
import { startFakeStripe, type FakeStripe } from "../testing/fake-stripe-server";

// The route handler opens the app's database; here it is the test database.
const appDb = vi.hoisted(() => ({ current: null as Db | null }));
vi.mock("@/db/client", async (importOriginal) => ({ ...(await importOriginal<object>()), getDb: () => appDb.current! }));

const SECRET = "whsec_test_secret";
const T0 = 1_800_000_000; // a fixed "now" for event timestamps (2027-01-15)

describe("Stripe webhooks", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let fake: FakeStripe;
  let appServer: Server;
  const ids: Record<string, string> = {};
  const as = (userId: string) => createCaller({ db: testDb.db, userId, locale: "en" });

  const post = (payload: string, signature: string | null) =>
    POST(new Request("http://localhost/api/webhooks/stripe", { method: "POST", headers: signature ? { "stripe-signature": signature } : {}, body: payload }));
  const deliver = async (event: object, secret = SECRET) => {
    const payload = JSON.stringify(event);
    const response = await post(payload, Stripe.webhooks.generateTestHeaderString({ payload, secret }));
    return { status: response.status, body: (await response.json()) as { outcome?: string } };
  };
  const event = (id: string, type: string, created: number, object: object) => ({ id, object: "event", type, created, data: { object }, livemode: false, api_version: null });
  const subscription = (orgId: string, over: Record<string, unknown> = {}, item: Record<string, unknown> = {}) => ({
    id: `sub_${orgId.slice(0, 8)}`,
    object: "subscription",
    customer: `cus_${orgId.slice(0, 8)}`,
    status: "active",
    cancel_at_period_end: false,
    trial_end: null,
    metadata: { orgId },
    items: { object: "list", data: [{ id: "si_1", object: "subscription_item", quantity: 3, price: { id: "price_team" }, current_period_end: T0 + 30 * 86400, ...item }] },
    ...over,
  });
  const row = async (orgId: string) => (await testDb.db.select().from(subscriptions).where(eq(subscriptions.orgId, orgId)))[0];
  const eventCount = () => testDb.db.$count(stripeEvents);

  beforeAll(async () => {
    testDb = await createTestDatabase();
    appDb.current = testDb.db;
    const orgs = await testDb.db
      .insert(organizations)
      .values(["acme", "bravo", "charlie", "delta", "echo", "foxtrot"].map((slug) => ({ name: slug, slug })))
      .returning();
    const [owner] = await testDb.db.insert(users).values({ email: "owner@acme.test" }).returning();
    for (const org of orgs) ids[org.slug] = org.id;
    ids.owner = owner!.id;
    await testDb.db.insert(memberships).values(orgs.map((org) => ({ orgId: org.id, userId: owner!.id, role: "owner" as const })));

    // The app's webhook endpoint over HTTP, for the fake Stripe's stand-in Checkout to call.
    appServer = createServer(async (request, response) => {
      let body = "";
      for await (const chunk of request) body += chunk;
      const answer = await post(body, (request.headers["stripe-signature"] as string) ?? null);
      response.writeHead(answer.status, { "content-type": "application/json" }).end(await answer.text());
    });
    await new Promise<void>((resolve) => appServer.listen(0, "127.0.0.1", resolve));
    fake = await startFakeStripe({
      webhookSecret: SECRET,
      webhookUrl: `http://127.0.0.1:${(appServer.address() as AddressInfo).port}/`,
      priceNames: { price_team: "Team", price_business: "Business", price_agency: "Agency" },
    });
  });
  beforeEach(() => {
    vi.stubEnv("STRIPE_SECRET_KEY", "sk_test_webhooks");
    vi.stubEnv("STRIPE_WEBHOOK_SECRET", SECRET);
    vi.stubEnv("STRIPE_API_BASE", fake.url);
    vi.stubEnv("STRIPE_PRICE_TEAM", "price_team");
    vi.stubEnv("STRIPE_PRICE_BUSINESS", "price_business");
    vi.stubEnv("STRIPE_PRICE_AGENCY", "price_agency");
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await fake.close();
    await new Promise((resolve) => appServer.close(resolve));
    await testDb.drop();
  });

  it("checkout through the stand-in stores the customer once, starts a 14-day trial and lands the subscription", async () => {
    const first = await as(ids.owner!).billing.checkout({ orgSlug: "acme", plan: "team" });
    const again = await as(ids.owner!).billing.checkout({ orgSlug: "acme", plan: "business" });
    expect(first.url).toMatch(new RegExp(`^${fake.url}/checkout/cs_test_`));
    expect(fake.customers.size).toBe(1);
    expect((await row(ids.acme!))?.stripeCustomerId).toBe([...fake.customers.keys()][0]);

    const sessionId = first.url.split("/").at(-1)!;
    const session = fake.sessions.get(sessionId)!;
    expect(session).toMatchObject({ mode: "subscription", client_reference_id: ids.acme, line_items: [{ price: "price_team", quantity: "1" }], subscription_data: { trial_period_days: "14", metadata: { orgId: ids.acme, plan: "team" } } });
    expect(session.success_url).toMatch(/\/o\/acme\/settings\/billing\?session_id=\{CHECKOUT_SESSION_ID\}$/);
    expect(again.url).not.toBe(first.url);

    const returnUrl = await fake.pay(sessionId);
    expect(returnUrl).toContain(`session_id=${sessionId}`);
    const stored = await row(ids.acme!);
    expect(stored).toMatchObject({ plan: "team", status: "trialing", quantity: 1, cancelAtPeriodEnd: false });
    expect(stored!.trialEnd!.getTime() - Date.now()).toBeGreaterThan(13.9 * 86400_000);
    expect(stored!.currentPeriodEnd).toEqual(stored!.trialEnd);
    expect(await testDb.db.$count(invoices, eq(invoices.orgId, ids.acme!))).toBe(1);

    const overview = await as(ids.owner!).billing.overview({ orgSlug: "acme" });
    expect(overview.state).toMatchObject({ plan: "team", status: "trialing", access: "full" });
    await expect(as(ids.owner!).billing.checkout({ orgSlug: "acme", plan: "team" })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("keeps the seat quantity equal to the members: joining and leaving update Stripe, whose webhook stores it", async () => {
    await inviteMember(testDb.db, ids.acme!, { email: "new@acme.test", role: "manager", invitedBy: ids.owner! }, { origin: "http://localhost", locale: "en" });
    const [mail] = await testDb.db.select().from(devMailbox).where(eq(devMailbox.to, "new@acme.test"));
    const token = mail!.text.match(/\/invite\/([A-Za-z0-9_-]+)/)![1]!;
    const [newcomer] = await testDb.db.insert(users).values({ email: "new@acme.test" }).returning();
    await acceptInvitation(testDb.db, token, newcomer!.id);
    const stripeSide = () => [...fake.subscriptions.values()].find((sub) => sub.metadata.orgId === ids.acme)!.items.data[0].quantity;
    expect(stripeSide()).toBe(2);
    expect((await row(ids.acme!))!.quantity).toBe(2);

    await removeMember(testDb.db, ids.acme!, { actorRole: "owner", userId: newcomer!.id });
    expect(stripeSide()).toBe(1);
    expect((await row(ids.acme!))!.quantity).toBe(1);
  });

  it("switching plan in the stand-in portal moves the subscription to the new Price: the plan follows it, and so does the quantity", async () => {
    const portalPage = async () => {
      const { url } = await as(ids.owner!).billing.portal({ orgSlug: "acme" });
      return { url, html: await (await fetch(url)).text() };
    };
    const switchTo = async (url: string, price: string) => {
      const response = await fetch(`${url}/switch`, { method: "POST", body: new URLSearchParams({ price }), redirect: "manual" });
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toMatch(/\/o\/acme\/settings\/billing$/);
    };
    const stripeItem = () => [...fake.subscriptions.values()].find((sub) => sub.metadata.orgId === ids.acme)!.items.data[0];

    // A second member joined without the quantity being pushed (as if Stripe had been down then).
    const [second] = await testDb.db.insert(users).values({ email: "second@acme.test" }).returning();
    await testDb.db.insert(memberships).values({ orgId: ids.acme!, userId: second!.id, role: "manager" });
    expect((await row(ids.acme!))!.quantity).toBe(1);

    const first = await portalPage();
    expect(first.html).toContain("Current plan: <strong>Team</strong>");
    expect(first.html).toContain("Switch to Business");
    expect(first.html).toContain("Switch to Agency");
    expect(first.html).not.toContain("Switch to Team");

    // Upgrade: the subscription.updated event carries the new Price; our plan follows, and the quantity is set to
    // the members again (Stripe keeps the item's quantity through a switch).
    await switchTo(first.url, "price_business");
    expect(stripeItem().price.id).toBe("price_business");
    expect(await row(ids.acme!)).toMatchObject({ plan: "business", quantity: 2 });
    expect(stripeItem().quantity).toBe(2);
    await expect(as(ids.owner!).billing.overview({ orgSlug: "acme" })).resolves.toMatchObject({
      state: { plan: "business", limits: { seats: 50, sources: 10 } },
      usage: { seats: { used: 2, limit: 50 } },
    });

    // Downgrade back to Team through the portal.
    await switchTo((await portalPage()).url, "price_team");
    expect(await row(ids.acme!)).toMatchObject({ plan: "team", quantity: 2 });
    await expect(as(ids.owner!).billing.overview({ orgSlug: "acme" })).resolves.toMatchObject({ state: { plan: "team", limits: { seats: 10, sources: 3 } } });

    // The agency plan is billed per client company: the quantity becomes the clients (none yet: the minimum of 1).
    await switchTo((await portalPage()).url, "price_agency");
    expect(await row(ids.acme!)).toMatchObject({ plan: "agency", quantity: 1 });
    expect(stripeItem().quantity).toBe(1);
    await switchTo((await portalPage()).url, "price_team");
    expect(await row(ids.acme!)).toMatchObject({ plan: "team", quantity: 2 });

    // A Price the account does not have is not switched to.
    await switchTo((await portalPage()).url, "price_unknown");
    expect(stripeItem().price.id).toBe("price_team");
    await testDb.db.delete(memberships).where(eq(memberships.userId, second!.id));
  });

  it("a downgrade below the org's usage keeps everything, shows it over the limit and refuses adding more", async () => {
    const org = { id: ids.foxtrot!, slug: "foxtrot", createdAt: new Date(), agencyOrgId: null, isDemo: false };
    const people = await testDb.db
      .insert(users)
      .values(Array.from({ length: 11 }, (_, i) => ({ email: `person${i}@foxtrot.test` })))
      .returning();
    await testDb.db.insert(memberships).values(people.map((person) => ({ orgId: ids.foxtrot!, userId: person.id, role: "viewer" as const })));
    const business = subscription(ids.foxtrot!, {}, { price: { id: "price_business" }, quantity: 12 });
    const team = subscription(ids.foxtrot!, {}, { price: { id: "price_team" }, quantity: 12 });
    await deliver(event("evt_f_created", "customer.subscription.created", T0, business));
    expect(await loadOverLimits(testDb.db, org)).toMatchObject({ over: [] });

    const downgrade = event("evt_f_team", "customer.subscription.updated", T0 + 100, team);
    expect((await deliver(downgrade)).body.outcome).toBe("processed");
    expect(await row(ids.foxtrot!)).toMatchObject({ plan: "team", quantity: 12 });
    expect(await loadOverLimits(testDb.db, org)).toEqual({ over: [{ kind: "seats", used: 12, limit: 10 }], billingUrl: "/o/foxtrot/settings/billing" });
    await expect(as(ids.owner!).billing.overview({ orgSlug: "foxtrot" })).resolves.toMatchObject({ state: { plan: "team" }, usage: { seats: { used: 12, limit: 10 } } });

    // Already over: one more invitation is refused, and nothing was removed.
    const refusal = await inviteMember(testDb.db, ids.foxtrot!, { email: "thirteenth@foxtrot.test", role: "viewer", invitedBy: ids.owner! }, { origin: "http://localhost", locale: "en" }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({ kind: "limit_reached", messageKey: "billing.limitReached.seats", params: { limit: 10, used: 12 } });
    expect(await testDb.db.$count(memberships, eq(memberships.orgId, ids.foxtrot!))).toBe(12);

    // The business-plan event delivered late, and the downgrade delivered again, leave the downgrade in place.
    expect((await deliver(event("evt_f_business_late", "customer.subscription.updated", T0 + 50, business))).body.outcome).toBe("processed");
    expect((await deliver(downgrade)).body.outcome).toBe("duplicate");
    expect(await row(ids.foxtrot!)).toMatchObject({ plan: "team", stripeUpdatedAt: new Date((T0 + 100) * 1000) });

    // Upgrading again lifts the notice.
    await deliver(event("evt_f_business_again", "customer.subscription.updated", T0 + 200, business));
    expect(await row(ids.foxtrot!)).toMatchObject({ plan: "business" });
    expect((await loadOverLimits(testDb.db, org)).over).toEqual([]);
  });

  it("stores plan, status, quantity and the item's period end from a subscription event", async () => {
    const result = await deliver(event("evt_b1", "customer.subscription.created", T0, subscription(ids.bravo!, { status: "trialing", trial_end: T0 + 14 * 86400 })));
    expect(result).toEqual({ status: 200, body: { received: true, outcome: "processed" } });
    expect(await row(ids.bravo!)).toMatchObject({
      plan: "team",
      status: "trialing",
      quantity: 3,
      trialEnd: new Date((T0 + 14 * 86400) * 1000),
      currentPeriodEnd: new Date((T0 + 30 * 86400) * 1000),
      stripeUpdatedAt: new Date(T0 * 1000),
    });
  });

  it("answers 400 to a bad or missing signature and writes nothing", async () => {
    const before = { events: await eventCount(), row: await row(ids.bravo!) };
    const forged = event("evt_forged", "customer.subscription.updated", T0 + 500, subscription(ids.bravo!, { status: "canceled" }));
    expect((await deliver(forged, "whsec_wrong")).status).toBe(400);
    expect((await post(JSON.stringify(forged), null)).status).toBe(400);
    const payload = JSON.stringify(forged);
    const signed = Stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET });
    expect((await post(payload.replace("canceled", "active "), signed)).status).toBe(400);
    expect(await eventCount()).toBe(before.events);
    expect(await row(ids.bravo!)).toEqual(before.row);
  });

  it("applies a replayed event once", async () => {
    const failed = event("evt_c_failed", "invoice.payment_failed", T0 + 10, { id: "in_c1", object: "invoice", customer: `cus_${ids.charlie!.slice(0, 8)}`, status: "open", amount_due: 4500, amount_paid: 0, currency: "usd", created: T0 + 10, number: "C-1", hosted_invoice_url: null, invoice_pdf: null, period_start: T0, period_end: T0 + 86400, metadata: {} });
    await deliver(event("evt_c_created", "customer.subscription.created", T0, subscription(ids.charlie!)));
    expect((await deliver(failed)).body.outcome).toBe("processed");
    expect((await row(ids.charlie!))!.pastDueSince).toEqual(new Date((T0 + 10) * 1000));
    // The customer pays; Stripe reports the subscription active again, which ends the grace period.
    await deliver(event("evt_c_active", "customer.subscription.updated", T0 + 20, subscription(ids.charlie!)));
    expect((await row(ids.charlie!))!.pastDueSince).toBeNull();

    const replay = await deliver(failed);
    expect(replay).toEqual({ status: 200, body: { received: true, outcome: "duplicate" } });
    expect((await row(ids.charlie!))!.pastDueSince).toBeNull();
    expect(await testDb.db.$count(stripeEvents, eq(stripeEvents.id, "evt_c_failed"))).toBe(1);
    expect(await testDb.db.$count(invoices, eq(invoices.orgId, ids.charlie!))).toBe(1);
  });

  it("does not let an older subscription event overwrite newer state", async () => {
    await deliver(event("evt_d_new", "customer.subscription.updated", T0 + 100, subscription(ids.delta!, { cancel_at_period_end: true }, { quantity: 5 })));
    const late = await deliver(event("evt_d_old", "customer.subscription.updated", T0 + 50, subscription(ids.delta!, {}, { quantity: 2 })));
    expect(late.body.outcome).toBe("processed");
    expect(await row(ids.delta!)).toMatchObject({ quantity: 5, cancelAtPeriodEnd: true, stripeUpdatedAt: new Date((T0 + 100) * 1000) });
  });

  it("a past-due subscription keeps working through the grace period, then turns read-only", async () => {
    await deliver(event("evt_e_due", "customer.subscription.updated", T0, subscription(ids.echo!, { status: "past_due" })));
    const org = { id: ids.echo!, slug: "echo", createdAt: new Date(), agencyOrgId: null, isDemo: false };
    expect(await loadBillingState(testDb.db, org, new Date((T0 + 6 * 86400) * 1000))).toMatchObject({ access: "grace", graceEndsAt: new Date((T0 + 7 * 86400) * 1000) });
    expect(await loadBillingState(testDb.db, org, new Date((T0 + 8 * 86400) * 1000))).toMatchObject({ access: "read_only", readOnlyReason: "past_due" });
  });

  it("a deleted subscription makes the org read-only: writes refused with a link to billing, reading and paying still work", async () => {
    await deliver(event("evt_e_deleted", "customer.subscription.deleted", T0 + 30, subscription(ids.echo!, { status: "canceled" })));
    expect(await row(ids.echo!)).toMatchObject({ status: "canceled" });

    const refusal = await as(ids.owner!).apiKeys.create({ orgSlug: "echo", name: "CRM bridge" }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(TRPCError);
    expect(refusal).toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining("read-only") });
    expect((refusal as TRPCError).cause).toMatchObject({ params: { billingUrl: "/o/echo/settings/billing" } });

    await expect(as(ids.owner!).apiKeys.list({ orgSlug: "echo" })).resolves.toEqual([]);
    await expect(as(ids.owner!).billing.overview({ orgSlug: "echo" })).resolves.toMatchObject({ state: { access: "read_only", readOnlyReason: "canceled" } });
    await expect(as(ids.owner!).billing.checkout({ orgSlug: "echo", plan: "business" })).resolves.toMatchObject({ url: expect.stringContaining("/checkout/") });
  });
});

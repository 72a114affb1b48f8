import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { dataSources, invitations, memberships, organizations, subscriptions, users } from "@/db/schema";
import { DomainError } from "@/server/errors";
import { createCaller } from "@/server/trpc/root";
import { inviteMember } from "@/server/tenancy/invitations";
import { assertSyncIntervalAllowed, assertWithinLimit } from "./limits";
import { loadOverLimits } from "./over-limit";
import { createTestDatabase } from "@/test/db";
import { plans } from "./plans";

describe("plan limits", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  const ids: Record<string, string> = {};
  const as = (userId: string, locale = "en") => createCaller({ db: testDb.db, userId, locale });
  const invite = (orgId: string, email: string) =>
    inviteMember(testDb.db, orgId, { email, role: "manager", invitedBy: ids.owner! }, { origin: "http://localhost", locale: "en" });
  const pendingCount = async (orgId: string) => (await testDb.db.select().from(invitations).where(eq(invitations.orgId, orgId))).length;
  const billingOn = () => vi.stubEnv("STRIPE_SECRET_KEY", "sk_test_limits");

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const [acme, growth, open] = await testDb.db
      .insert(organizations)
      .values([
        { name: "Acme", slug: "acme" },
        { name: "Growth", slug: "growth", kind: "agency" },
        { name: "Open Co", slug: "open" },
      ])
      .returning();
    const [owner] = await testDb.db.insert(users).values({ email: "owner@acme.test", name: "Olga" }).returning();
    Object.assign(ids, { acme: acme!.id, growth: growth!.id, open: open!.id, owner: owner!.id });
    await testDb.db.insert(memberships).values([
      { orgId: acme!.id, userId: owner!.id, role: "owner" },
      { orgId: growth!.id, userId: owner!.id, role: "owner" },
      { orgId: open!.id, userId: owner!.id, role: "owner" },
    ]);
  });
  afterEach(() => vi.unstubAllEnvs());
  afterAll(() => testDb.drop());

  it("refuses an invitation past the trial's seats (members plus pending invitations) and writes nothing", async () => {
    billingOn();
    const seats = plans.trial.limits.seats!;
    for (let i = 1; i < seats; i++) await invite(ids.acme!, `person${i}@acme.test`);
    expect(await pendingCount(ids.acme!)).toBe(seats - 1);

    const refusal = await invite(ids.acme!, "one.too.many@acme.test").catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({ kind: "limit_reached", messageKey: "billing.limitReached.seats", params: { limit: seats, billingUrl: "/o/acme/settings/billing" } });
    expect(await pendingCount(ids.acme!)).toBe(seats - 1);
  });

  it("re-inviting a pending address does not take another seat", async () => {
    billingOn();
    await expect(invite(ids.acme!, "person1@acme.test")).resolves.toMatchObject({ email: "person1@acme.test" });
  });

  it("says which limit in the person's language through tRPC", async () => {
    billingOn();
    const error = await as(ids.owner!, "ru")
      .members.invite({ orgSlug: "acme", email: "another@acme.test", role: "viewer" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("FORBIDDEN");
    expect((error as TRPCError).message).toBe(
      `Ваш тариф допускает ${plans.trial.limits.seats} участников, и неподтверждённые приглашения тоже занимают место. Повысьте тариф, чтобы пригласить больше людей.`,
    );
  });

  it("a paid plan's higher limit lets the invitation through", async () => {
    billingOn();
    await testDb.db.insert(subscriptions).values({ orgId: ids.acme!, stripeCustomerId: "cus_acme", stripeSubscriptionId: "sub_acme", plan: "team", status: "active", quantity: 1 });
    await expect(invite(ids.acme!, "sixth@acme.test")).resolves.toMatchObject({ email: "sixth@acme.test" });
  });

  it("refuses a client company past the agency's client limit and creates nothing", async () => {
    billingOn();
    const caller = as(ids.owner!);
    const limit = plans.trial.limits.clients!;
    for (let i = 1; i <= limit; i++) await caller.clients.create({ orgSlug: "growth", organizationName: `Client ${i}`, currency: "USD", timeZone: "UTC" });
    const error = await caller.clients
      .create({ orgSlug: "growth", organizationName: "Client extra", currency: "USD", timeZone: "UTC" })
      .catch((e: unknown) => e);
    expect((error as TRPCError).message).toBe(`Your plan allows ${limit} client companies. Upgrade your plan to add another client.`);
    expect((error as TRPCError).cause).toMatchObject({ messageKey: "billing.limitReached.clients", params: { billingUrl: "/o/growth/settings/billing" } });
    expect(await testDb.db.$count(organizations, eq(organizations.agencyOrgId, ids.growth!))).toBe(limit);

    // At the limit is full, not over; one more client (kept from a larger plan) is over: the clients page says so.
    expect((await caller.billing.overLimit({ orgSlug: "growth", kinds: ["clients"] })).over).toEqual([]);
    await testDb.db.insert(organizations).values({ name: "Kept client", slug: "kept-client", agencyOrgId: ids.growth! });
    expect((await caller.billing.overLimit({ orgSlug: "growth", kinds: ["clients"] })).over).toEqual([{ kind: "clients", used: limit + 1, limit }]);
    await testDb.db.delete(organizations).where(eq(organizations.slug, "kept-client"));
  });

  it("refuses a CRM connection past the plan's limit and a sync more frequent than it allows", async () => {
    billingOn();
    await expect(assertWithinLimit(testDb.db, ids.open!, "sources")).resolves.toBeUndefined();
    await testDb.db.insert(dataSources).values([
      { orgId: ids.open!, kind: "hubspot", name: "HubSpot" },
      { orgId: ids.open!, kind: "pipedrive", name: "Pipedrive" },
      { orgId: ids.open!, kind: "csv", name: "File import" },
    ]);
    await expect(assertWithinLimit(testDb.db, ids.open!, "sources")).rejects.toMatchObject({ messageKey: "billing.limitReached.sources", params: { limit: 2, used: 2 } });
    await expect(assertSyncIntervalAllowed(testDb.db, ids.open!, 15)).rejects.toMatchObject({ messageKey: "billing.limitReached.syncInterval", params: { minutes: 60 } });
    await expect(assertSyncIntervalAllowed(testDb.db, ids.open!, 60)).resolves.toBeUndefined();
    await expect(assertSyncIntervalAllowed(testDb.db, ids.open!, null)).resolves.toBeUndefined();
  });

  it("with billing off every limit is open", async () => {
    await expect(assertWithinLimit(testDb.db, ids.open!, "sources")).resolves.toBeUndefined();
    await expect(assertSyncIntervalAllowed(testDb.db, ids.open!, 5)).resolves.toBeUndefined();
    for (let i = 1; i <= plans.trial.limits.seats! + 2; i++) await invite(ids.open!, `open${i}@open.test`);
    expect(await pendingCount(ids.open!)).toBe(plans.trial.limits.seats! + 2);
  });

  it("an org already past a limit (billing switched on, or a downgrade) keeps everything but can add nothing more", async () => {
    await testDb.db.insert(dataSources).values({ orgId: ids.open!, kind: "salesforce", name: "Salesforce" });
    billingOn();
    const seats = plans.trial.limits.seats!;
    const [org] = await testDb.db.select().from(organizations).where(eq(organizations.id, ids.open!));
    expect(await loadOverLimits(testDb.db, org!)).toEqual({
      over: [
        { kind: "seats", used: seats + 3, limit: seats },
        { kind: "sources", used: 3, limit: 2 },
      ],
      billingUrl: "/o/open/settings/billing",
    });
    await expect(assertWithinLimit(testDb.db, ids.open!, "seats")).rejects.toMatchObject({ messageKey: "billing.limitReached.seats", params: { limit: seats, used: seats + 3 } });
    await expect(assertWithinLimit(testDb.db, ids.open!, "sources")).rejects.toMatchObject({ messageKey: "billing.limitReached.sources", params: { limit: 2, used: 3 } });
    await expect(invite(ids.open!, "one.more@open.test")).rejects.toMatchObject({ kind: "limit_reached" });
    expect(await pendingCount(ids.open!)).toBe(seats + 2);
    // Any member may see the notice (the members and data sources pages); billing off, nothing is over.
    await expect(as(ids.owner!).billing.overLimit({ orgSlug: "open", kinds: ["sources"] })).resolves.toMatchObject({ over: [{ kind: "sources", used: 3, limit: 2 }] });
    vi.unstubAllEnvs();
    expect((await loadOverLimits(testDb.db, org!)).over).toEqual([]);
  });
});

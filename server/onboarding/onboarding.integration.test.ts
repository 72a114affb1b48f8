import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataSources, invitations, memberships, organizations, users } from "@/db/schema";
import { loadDemoDataset } from "@/db/seed/load-dataset";
import { DomainError } from "@/server/errors";
import { createCaller } from "@/server/trpc/root";
import { createTestDatabase } from "@/test/db";
import { loadSampleData } from "./sample-data";

describe("onboarding", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  const ids = { acme: "", other: "", owner: "", viewer: "", outsider: "" };
  const orgSlug = "acme";
  const as = (userId: string) => createCaller({ db: testDb.db, userId, locale: "en" });
  const failure = (promise: Promise<unknown>) => promise.then(() => null, (e: TRPCError) => e);
  const done = async (userId = ids.owner) =>
    Object.fromEntries((await as(userId).onboarding.status({ orgSlug })).steps.map((s) => [s.id, s.done]));
  const counts = async (orgId: string) =>
    (
      await testDb.sql`select (select count(*) from deals where org_id = ${orgId})::int as deals,
        (select count(*) from activities where org_id = ${orgId})::int as activities,
        (select count(*) from quotas where org_id = ${orgId})::int as quotas`
    )[0];

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const [acme, other] = await testDb.db.insert(organizations).values([{ name: "Acme", slug: "acme" }, { name: "Other", slug: "other" }]).returning();
    const [owner, viewer, outsider] = await testDb.db
      .insert(users)
      .values([{ email: "owner@acme.test" }, { email: "viewer@acme.test" }, { email: "owner@other.test" }])
      .returning();
    Object.assign(ids, { acme: acme!.id, other: other!.id, owner: owner!.id, viewer: viewer!.id, outsider: outsider!.id });
    await testDb.db.insert(memberships).values([
      { orgId: acme!.id, userId: owner!.id, role: "owner" },
      { orgId: other!.id, userId: outsider!.id, role: "owner" },
    ]);
    await loadDemoDataset(testDb.db, other!.id, { seed: 9, scale: 0.02, now: new Date("2026-01-10T12:00:00Z") });
  });
  afterAll(() => testDb.drop());

  it("starts with nothing done and lets the owner load sample data", async () => {
    const status = await as(ids.owner).onboarding.status({ orgSlug });
    expect(status).toEqual({
      steps: [
        { id: "connectSource", done: false },
        { id: "loadSampleData", done: false },
        { id: "inviteTeammates", done: false },
        { id: "setPlans", done: false },
      ],
      hasDeals: false,
      canLoadSampleData: true,
    });
  });

  it("counts a pending invitation or a second member as inviting teammates, not an expired one", async () => {
    const invitation = { orgId: ids.acme, email: "new@acme.test", role: "manager" as const, invitedBy: ids.owner };
    await testDb.db.insert(invitations).values({ ...invitation, tokenHash: "expired", expiresAt: new Date(Date.now() - 60_000) });
    expect((await done()).inviteTeammates).toBe(false);
    await testDb.db.insert(invitations).values({ ...invitation, tokenHash: "pending", expiresAt: new Date(Date.now() + 86_400_000) });
    expect((await done()).inviteTeammates).toBe(true);
  });

  it("hides the org from outsiders and refuses viewers", async () => {
    await testDb.db.insert(memberships).values({ orgId: ids.acme, userId: ids.viewer, role: "viewer" });
    expect((await as(ids.viewer).onboarding.status({ orgSlug })).canLoadSampleData).toBe(false);
    expect(await failure(as(ids.viewer).onboarding.loadSampleData({ orgSlug }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await failure(as(ids.outsider).onboarding.loadSampleData({ orgSlug }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await failure(as(ids.outsider).onboarding.status({ orgSlug }))).toMatchObject({ code: "NOT_FOUND" });
    expect((await counts(ids.acme))!.deals).toBe(0);
  });

  it("loads a year of sample data into this organization only, and marks the steps it covers", async () => {
    const otherBefore = await counts(ids.other);
    expect(await as(ids.owner).onboarding.loadSampleData({ orgSlug })).toEqual({ deals: 5200 });

    const acme = await counts(ids.acme);
    expect(acme!.deals).toBe(5200);
    expect(acme!.activities).toBeGreaterThan(20_000);
    expect(acme!.quotas).toBeGreaterThan(0);
    expect(await counts(ids.other)).toEqual(otherBefore);
    expect(await done()).toEqual({ connectSource: false, loadSampleData: true, inviteTeammates: true, setPlans: true });
    expect((await as(ids.viewer).onboarding.status({ orgSlug })).hasDeals).toBe(true);
  });

  it("refuses a second load, in the caller's language", async () => {
    expect(await failure(as(ids.owner).onboarding.loadSampleData({ orgSlug }))).toMatchObject({
      code: "CONFLICT",
      message: "This organization already has deals, so sample data was not loaded.",
    });
    const inUkrainian = await failure(createCaller({ db: testDb.db, userId: ids.owner, locale: "uk" }).onboarding.loadSampleData({ orgSlug }));
    expect(inUkrainian?.message).toBe("У цій організації вже є угоди, тому демо-дані не завантажено.");
    await expect(loadSampleData(testDb.db, ids.other, new Date())).rejects.toBeInstanceOf(DomainError);
  });

  it("marks a connected data source", async () => {
    await testDb.db.insert(dataSources).values({ orgId: ids.acme, kind: "csv", name: "Deals.xlsx" });
    expect((await done()).connectSource).toBe(true);
  });
});

import { TRPCError } from "@trpc/server";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberships, organizations, users } from "@/db/schema";
import { createCaller } from "@/server/trpc/root";
import { createTestDatabase } from "@/test/db";
import { landingOrgSlug } from "./landing";

describe("members", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  const ids = { acme: "", other: "", owner: "", admin: "", manager: "", outsider: "" };
  const as = (userId: string) => createCaller({ db: testDb.db, userId, locale: "en" });
  const orgSlug = "acme";
  const roleOf = async (userId: string) =>
    (await testDb.db.select({ role: memberships.role }).from(memberships).where(and(eq(memberships.orgId, ids.acme), eq(memberships.userId, userId))))[0]?.role;
  const failure = (promise: Promise<unknown>) => promise.then(() => null, (e: TRPCError) => e);

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const [acme, other] = await testDb.db
      .insert(organizations)
      .values([{ name: "Acme", slug: "acme" }, { name: "Other", slug: "other" }])
      .returning();
    const [owner, admin, manager, outsider] = await testDb.db
      .insert(users)
      .values([
        { email: "owner@acme.test", name: "Olga" },
        { email: "admin@acme.test", name: "Adam" },
        { email: "manager@acme.test" },
        { email: "boss@other.test" },
      ])
      .returning();
    Object.assign(ids, { acme: acme!.id, other: other!.id, owner: owner!.id, admin: admin!.id, manager: manager!.id, outsider: outsider!.id });
    await testDb.db.insert(memberships).values([
      { orgId: acme!.id, userId: owner!.id, role: "owner" },
      { orgId: acme!.id, userId: admin!.id, role: "admin" },
      { orgId: acme!.id, userId: manager!.id, role: "manager" },
      { orgId: other!.id, userId: outsider!.id, role: "owner" },
    ]);
  });
  afterAll(() => testDb.drop());

  it("lists members with name, e-mail and role, owners first", async () => {
    const list = await as(ids.manager).members.list({ orgSlug });
    expect(list.members.map((m) => [m.name, m.email, m.role])).toEqual([
      ["Olga", "owner@acme.test", "owner"],
      ["Adam", "admin@acme.test", "admin"],
      [null, "manager@acme.test", "manager"],
    ]);
    expect(list.canManage).toBe(false);
    expect((await as(ids.admin).members.list({ orgSlug })).canManage).toBe(true);
  });

  it("never lets the last owner be demoted or removed", async () => {
    const demote = await failure(as(ids.owner).members.changeRole({ orgSlug, userId: ids.owner, role: "admin" }));
    expect(demote).toMatchObject({ code: "BAD_REQUEST", message: "An organization needs at least one owner." });
    expect(await failure(as(ids.owner).members.remove({ orgSlug, userId: ids.owner }))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await roleOf(ids.owner)).toBe("owner");
  });

  it("lets only an owner grant or change the owner role", async () => {
    expect(await failure(as(ids.admin).members.changeRole({ orgSlug, userId: ids.manager, role: "owner" }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await failure(as(ids.admin).members.changeRole({ orgSlug, userId: ids.owner, role: "viewer" }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await failure(as(ids.admin).members.remove({ orgSlug, userId: ids.owner }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await roleOf(ids.manager)).toBe("manager");

    await as(ids.owner).members.changeRole({ orgSlug, userId: ids.admin, role: "owner" });
    expect(await roleOf(ids.admin)).toBe("owner");
    // With a second owner, the first may step down.
    await as(ids.owner).members.changeRole({ orgSlug, userId: ids.owner, role: "admin" });
    expect(await roleOf(ids.owner)).toBe("admin");
  });

  it("keeps one owner when the last two demote each other at the same time", async () => {
    await as(ids.admin).members.changeRole({ orgSlug, userId: ids.owner, role: "owner" });
    const results = await Promise.allSettled([
      as(ids.owner).members.changeRole({ orgSlug, userId: ids.admin, role: "admin" }),
      as(ids.admin).members.changeRole({ orgSlug, userId: ids.owner, role: "admin" }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const owners = await testDb.db.select().from(memberships).where(and(eq(memberships.orgId, ids.acme), eq(memberships.role, "owner")));
    expect(owners).toHaveLength(1);
  });

  it("changes a role and removes a member", async () => {
    const [owner] = await testDb.db.select().from(memberships).where(and(eq(memberships.orgId, ids.acme), eq(memberships.role, "owner")));
    await as(owner!.userId).members.changeRole({ orgSlug, userId: ids.manager, role: "head_of_sales" });
    expect(await roleOf(ids.manager)).toBe("head_of_sales");
    await as(owner!.userId).members.remove({ orgSlug, userId: ids.manager });
    expect(await roleOf(ids.manager)).toBeUndefined();
  });

  it("checks a user id against the org in the URL, and refuses outsiders", async () => {
    const [owner] = await testDb.db.select().from(memberships).where(and(eq(memberships.orgId, ids.acme), eq(memberships.role, "owner")));
    expect(await failure(as(owner!.userId).members.remove({ orgSlug, userId: ids.outsider }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await failure(as(owner!.userId).members.changeRole({ orgSlug, userId: ids.outsider, role: "viewer" }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await failure(as(ids.outsider).members.list({ orgSlug }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await failure(as(ids.outsider).members.remove({ orgSlug, userId: owner!.userId }))).toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("landingOrgSlug", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    testDb = await createTestDatabase();
  });
  afterAll(() => testDb.drop());

  it("picks the first own organization by name, skips the demo company, and is null without one", async () => {
    const [zeta, alpha, demo] = await testDb.db
      .insert(organizations)
      .values([{ name: "Zeta", slug: "zeta" }, { name: "Alpha", slug: "alpha" }, { name: "Aaa Demo", slug: "demo", isDemo: true }])
      .returning();
    const [person, newcomer, demoUser] = await testDb.db
      .insert(users)
      .values([{ email: "p@example.test" }, { email: "n@example.test" }, { email: "demo@salespulse.local" }])
      .returning();
    await testDb.db.insert(memberships).values([
      { orgId: zeta!.id, userId: person!.id, role: "owner" },
      { orgId: alpha!.id, userId: person!.id, role: "viewer" },
      { orgId: demo!.id, userId: person!.id, role: "viewer" },
      { orgId: demo!.id, userId: demoUser!.id, role: "viewer" },
    ]);
    expect(await landingOrgSlug(testDb.db, person!.id)).toBe("alpha");
    expect(await landingOrgSlug(testDb.db, newcomer!.id)).toBeNull();
    expect(await landingOrgSlug(testDb.db, demoUser!.id)).toBe("demo");
  });
});

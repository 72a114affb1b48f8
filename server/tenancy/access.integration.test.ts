import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberships, organizations, users } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { resolveOrgAccess } from "./access";
import { listAccessibleOrganizations } from "./organizations";

describe("resolveOrgAccess", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const { db } = testDb;
    const [agency, otherAgency] = await db
      .insert(organizations)
      .values([
        { name: "Growth Agency", slug: "agency", kind: "agency" },
        { name: "Rival Agency", slug: "rival", kind: "agency" },
      ])
      .returning();
    const [client] = await db
      .insert(organizations)
      .values([
        { name: "Client A", slug: "client-a", agencyOrgId: agency!.id },
        { name: "Rival Client", slug: "rival-client", agencyOrgId: otherAgency!.id },
        { name: "Demo", slug: "demo", isDemo: true },
        { name: "Plain Co", slug: "plain" },
      ])
      .returning();
    const people = await db
      .insert(users)
      .values(["consultant", "marketer", "clientAdmin", "nobody"].map((n) => ({ email: `${n}@test.dev` })))
      .returning();
    const [consultant, marketer, clientAdmin, nobody] = people;
    Object.assign(ids, { consultant: consultant!.id, marketer: marketer!.id, clientAdmin: clientAdmin!.id, nobody: nobody!.id, client: client!.id });
    await db.insert(memberships).values([
      { orgId: agency!.id, userId: consultant!.id, role: "consultant" },
      { orgId: agency!.id, userId: marketer!.id, role: "marketer" },
      { orgId: client!.id, userId: clientAdmin!.id, role: "admin" },
    ]);
  });
  afterAll(() => testDb.drop());

  it("gives a member their own role", async () => {
    const access = await resolveOrgAccess(testDb.db, ids.clientAdmin!, "client-a");
    expect(access).toMatchObject({ role: "admin", via: "member" });
  });

  it("lets an agency's consultant into its client, as a consultant", async () => {
    const access = await resolveOrgAccess(testDb.db, ids.consultant!, "client-a");
    expect(access).toMatchObject({ role: "consultant", via: "agency" });
  });

  it("keeps agency members without client access, and other agencies' clients, out", async () => {
    expect(await resolveOrgAccess(testDb.db, ids.marketer!, "client-a")).toBeNull();
    expect(await resolveOrgAccess(testDb.db, ids.consultant!, "rival-client")).toBeNull();
    expect(await resolveOrgAccess(testDb.db, ids.clientAdmin!, "agency")).toBeNull();
  });

  it("lets anyone signed in view the demo company, read-only", async () => {
    expect(await resolveOrgAccess(testDb.db, ids.nobody!, "demo")).toMatchObject({ role: "viewer", via: "demo" });
    expect(await resolveOrgAccess(testDb.db, ids.nobody!, "plain")).toBeNull();
    expect(await resolveOrgAccess(testDb.db, ids.nobody!, "no-such-org")).toBeNull();
  });

  it("cuts the agency off once the client revokes it", async () => {
    await testDb.db.update(organizations).set({ agencyOrgId: null }).where(eq(organizations.id, ids.client!));
    expect(await resolveOrgAccess(testDb.db, ids.consultant!, "client-a")).toBeNull();
  });

  it("lists what the switcher offers", async () => {
    const list = await listAccessibleOrganizations(testDb.db, ids.consultant!);
    expect(list.map((o) => o.slug).sort()).toEqual(["agency", "demo"]);
    const admin = await listAccessibleOrganizations(testDb.db, ids.clientAdmin!);
    expect(admin.map((o) => [o.slug, o.role])).toEqual([
      ["client-a", "admin"],
      ["demo", "viewer"],
    ]);
  });
});

import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberships, organizations, users } from "@/db/schema";
import { createCaller } from "@/server/trpc/root";
import { createTestDatabase } from "@/test/db";
import { resolveOrgAccess } from "./access";

describe("agency clients", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  const ids: Record<string, string> = {};
  const as = (who: string) => createCaller({ db: testDb.db, userId: ids[who]!, locale: "en" });
  const newClient = { organizationName: "Карпатські Меблі", currency: "UAH" as const, timeZone: "Europe/Kyiv" };

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const [agency, company] = await testDb.db
      .insert(organizations)
      .values([
        { name: "Growth Partners", slug: "growth", kind: "agency" },
        { name: "Plain Co", slug: "plain" },
      ])
      .returning();
    const people = await testDb.db
      .insert(users)
      .values(["consultant", "marketer", "owner"].map((n) => ({ email: `${n}@test.dev` })))
      .returning();
    Object.assign(ids, { agency: agency!.id, consultant: people[0]!.id, marketer: people[1]!.id, owner: people[2]!.id });
    await testDb.db.insert(memberships).values([
      { orgId: agency!.id, userId: ids.consultant!, role: "consultant" },
      { orgId: agency!.id, userId: ids.marketer!, role: "marketer" },
      { orgId: company!.id, userId: ids.owner!, role: "owner" },
    ]);
  });
  afterAll(() => testDb.drop());

  it("lets a consultant create a client that the agency reaches and that lists under the agency", async () => {
    const client = await as("consultant").clients.create({ orgSlug: "growth", ...newClient });
    expect(client.slug).toBe("karpatski-mebli");
    const [row] = await testDb.db.select().from(organizations).where(eq(organizations.slug, client.slug));
    expect(row).toMatchObject({ kind: "company", agencyOrgId: ids.agency, currency: "UAH", timeZone: "Europe/Kyiv" });
    expect(await resolveOrgAccess(testDb.db, ids.consultant!, client.slug)).toMatchObject({ role: "consultant", via: "agency" });
    expect((await as("consultant").clients.list({ orgSlug: "growth" })).map((c) => c.name)).toEqual(["Карпатські Меблі"]);
  });

  it("refuses agency members without client rights, and companies that are not agencies", async () => {
    await expect(as("marketer").clients.create({ orgSlug: "growth", ...newClient })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(as("marketer").clients.list({ orgSlug: "growth" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const error = await as("owner").clients.create({ orgSlug: "plain", ...newClient }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect(error).toMatchObject({ code: "FORBIDDEN", message: "Only an agency can have client companies." });
  });

  it("validates the client's fields and creates nothing on bad input", async () => {
    const before = await testDb.db.select().from(organizations);
    const error = await as("consultant")
      .clients.create({ orgSlug: "growth", organizationName: " ", currency: "XXX" as never, timeZone: "Mars/Base" })
      .catch((e: TRPCError) => e);
    expect(error).toMatchObject({ code: "BAD_REQUEST" });
    expect(await testDb.db.select().from(organizations)).toHaveLength(before.length);
  });
});

import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberships, users } from "@/db/schema";
import { createSalesOrg } from "@/server/kpi/test-fixtures";
import { createTestDatabase } from "@/test/db";
import { createCaller } from "../root";

describe("dashboard.headOfSales", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let member: ReturnType<typeof createCaller>;
  let outsider: ReturnType<typeof createCaller>;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const { db } = testDb;
    const acme = await createSalesOrg(db, { slug: "acme", timeZone: "Europe/Kyiv", currency: "UAH" });
    const rival = await createSalesOrg(db, { slug: "rival", timeZone: "UTC", currency: "USD" });
    await acme.addDeal({ createdAt: new Date().toISOString(), path: [["lead", new Date().toISOString()]] });
    const [acmeHead, rivalOwner] = await db
      .insert(users)
      .values([{ email: "head@acme.test" }, { email: "owner@rival.test" }])
      .returning({ id: users.id });
    await db.insert(memberships).values([
      { orgId: acme.orgId, userId: acmeHead!.id, role: "head_of_sales" },
      { orgId: rival.orgId, userId: rivalOwner!.id, role: "owner" },
    ]);
    member = createCaller({ db, userId: acmeHead!.id, locale: "en" });
    outsider = createCaller({ db, userId: rivalOwner!.id, locale: "en" });
  });
  afterAll(() => testDb.drop());

  it("gives a member their organization's dashboard", async () => {
    const dashboard = await member.dashboard.headOfSales({ orgSlug: "acme", period: "this_month" });
    expect(dashboard.currency).toBe("UAH");
    expect(dashboard.hasDeals).toBe(true);
    expect(dashboard.tiles.find((t) => t.id === "leads_created")?.value).toBe(1);
  });

  it("answers NOT_FOUND to a member of another organization", async () => {
    const error = await outsider.dashboard.headOfSales({ orgSlug: "acme", period: "this_month" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("NOT_FOUND");
  });

  it("refuses a custom range that ends before it starts", async () => {
    await expect(
      member.dashboard.headOfSales({ orgSlug: "acme", period: "custom", from: "2025-03-10", to: "2025-03-01" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

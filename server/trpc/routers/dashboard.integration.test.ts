import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberships, users } from "@/db/schema";
import { createSalesOrg } from "@/server/kpi/test-fixtures";
import { createTestDatabase } from "@/test/db";
import { createCaller } from "../root";

describe("dashboard.view", () => {
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

  const thisMonth = { period: { period: "this_month" as const }, compare: "previous" as const };

  it("gives a member their organization's dashboard for their role", async () => {
    const dashboard = await member.dashboard.view({ orgSlug: "acme", filters: thisMonth });
    expect(dashboard).toMatchObject({ role: "head_of_sales", currency: "UAH", hasDeals: true });
    const funnel = dashboard.widgets.find((w) => w.widget.type === "funnel")!;
    expect(funnel.results.find((r) => r.id === "conv_lead_qualified")?.inputs?.denominator).toBe(1);
  });

  it("answers NOT_FOUND to a member of another organization", async () => {
    const error = await outsider.dashboard.view({ orgSlug: "acme", filters: thisMonth }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("NOT_FOUND");
  });

  it("refuses a custom range that ends before it starts", async () => {
    await expect(
      member.dashboard.view({ orgSlug: "acme", filters: { ...thisMonth, period: { period: "custom", from: "2025-03-10", to: "2025-03-01" } } }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

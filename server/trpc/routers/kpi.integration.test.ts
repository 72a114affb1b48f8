import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberships, users } from "@/db/schema";
import { createSalesOrg } from "@/server/kpi/test-fixtures";
import { createTestDatabase } from "@/test/db";
import { createCaller } from "../root";

describe("kpi router", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let viewer: ReturnType<typeof createCaller>;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const { db } = testDb;
    const acme = await createSalesOrg(db, { slug: "acme", timeZone: "UTC", currency: "EUR" });
    const now = new Date().toISOString();
    await acme.addDeal({ createdAt: now, path: [["lead", now]] });
    const [user] = await db.insert(users).values({ email: "viewer@acme.test" }).returning({ id: users.id });
    await db.insert(memberships).values({ orgId: acme.orgId, userId: user!.id, role: "viewer" });
    viewer = createCaller({ db, userId: user!.id, locale: "en" });
  });
  afterAll(() => testDb.drop());

  it("computes metrics for a viewer of the organization", async () => {
    const result = await viewer.kpi.compute({ orgSlug: "acme", metrics: ["leads_created", "deals_won"], period: { period: "this_month" } });
    expect(result.metrics.map(({ id, value }) => ({ id, value }))).toEqual([
      { id: "leads_created", value: 1 },
      { id: "deals_won", value: 0 },
    ]);
  });

  it("refuses a metric outside the catalog at the edge", async () => {
    await expect(viewer.kpi.compute({ orgSlug: "acme", metrics: ["made_up"], period: { period: "this_month" } })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("lists the catalog with each metric's status", async () => {
    const catalog = await viewer.kpi.catalog({ orgSlug: "acme" });
    expect(catalog.find((m) => m.id === "win_rate")).toEqual({
      id: "win_rate", labelKey: "metrics.win_rate.label", formulaKey: "metrics.win_rate.formula",
      unit: "percent", direction: "up_is_good", needs: ["deals", "stage_history"], status: "computed",
    });
    expect(catalog.find((m) => m.id === "demos_count")).toMatchObject({ status: "computed", direction: "up_is_good", needs: ["activities"] });
    expect(catalog.filter((m) => m.status !== "computed").map((m) => m.id)).toEqual([]);
  });
});

import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberships, users } from "@/db/schema";
import { createSalesOrg } from "@/server/kpi/test-fixtures";
import { createCaller } from "@/server/trpc/root";
import { createTestDatabase } from "@/test/db";

describe("plans router", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let head: ReturnType<typeof createCaller>;
  let manager: ReturnType<typeof createCaller>;
  let repId: number;
  const query = { orgSlug: "acme", metric: "revenue_won", periodKind: "month", year: 2026 } as const;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const { db } = testDb;
    const acme = await createSalesOrg(db, { slug: "acme", timeZone: "Europe/Kyiv", currency: "UAH" });
    repId = await acme.addRep("Ann");
    const [headUser, managerUser] = await db.insert(users).values([{ email: "head@acme.test" }, { email: "manager@acme.test" }]).returning();
    await db.insert(memberships).values([
      { orgId: acme.orgId, userId: headUser!.id, role: "head_of_sales" },
      { orgId: acme.orgId, userId: managerUser!.id, role: "manager" },
    ]);
    head = createCaller({ db, userId: headUser!.id, locale: "en" });
    manager = createCaller({ db, userId: managerUser!.id, locale: "en" });
  });
  afterAll(() => testDb.drop());

  it("lets a head of sales save a plan that a manager then reads but cannot change", async () => {
    await head.plans.save({ ...query, cells: [{ scope: "rep", repId, periodStart: "2026-01-01", target: 500 }] });
    const seen = await manager.plans.grid(query);
    expect(seen.canEdit).toBe(false);
    expect(seen.currency).toBe("UAH");
    expect(seen.grid.teams[0]!.reps[0]!.cells[0]!.target).toBe(500);
    const refused = await manager.plans
      .save({ ...query, cells: [{ scope: "rep", repId, periodStart: "2026-01-01", target: 1 }] })
      .catch((e: unknown) => e);
    expect((refused as TRPCError).code).toBe("FORBIDDEN");
  });

  it("refuses a negative target or one with three decimals next to the cell", async () => {
    const error = (await head.plans
      .save({ ...query, cells: [{ scope: "rep", repId, periodStart: "2026-01-01", target: -1 }, { scope: "org", periodStart: "2026-01-01", target: 1.005 }] })
      .catch((e: unknown) => e)) as TRPCError;
    expect(error.code).toBe("BAD_REQUEST");
    const issues = (error.cause as unknown as { issues: { path: (string | number)[]; message: string }[] }).issues;
    expect(issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      ["cells.0.target", "plans.errors.negative"],
      ["cells.1.target", "plans.errors.tooManyDecimals"],
    ]);
  });
});

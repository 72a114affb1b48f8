import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberships, organizations, users } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { datasetDigest } from "./dataset-digest";
import { ensureDemoCompany } from "./demo-company";

describe("ensureDemoCompany", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    testDb = await createTestDatabase();
  });
  afterAll(() => testDb.drop());

  it("creates the demo company, its viewer and a year of data once, even when started twice at the same time", async () => {
    const now = new Date("2026-06-01T08:00:00Z");
    const results = await Promise.all([ensureDemoCompany(testDb.db, now), ensureDemoCompany(testDb.db, now)]);
    expect(results.filter((r) => r.loaded).map((r) => r.loaded!.deals)).toEqual([5200]);
    expect(results[0]!.orgId).toBe(results[1]!.orgId);

    const orgs = await testDb.db.select().from(organizations);
    expect(orgs).toEqual([
      expect.objectContaining({ slug: "demo", name: "Northwind Furniture", isDemo: true, currency: "USD", timeZone: "Europe/Kyiv", locale: "en" }),
    ]);
    const viewers = await testDb.db
      .select({ email: users.email, name: users.name, passwordHash: users.passwordHash, role: memberships.role })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId));
    expect(viewers).toEqual([{ email: "demo@salespulse.local", name: "Demo viewer", passwordHash: null, role: "viewer" }]);
  });

  it("leaves an existing demo company as it is", async () => {
    const [demo] = await testDb.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, "demo"));
    const before = await datasetDigest(testDb.sql, demo!.id);
    const again = await ensureDemoCompany(testDb.db, new Date("2026-07-01T08:00:00Z"));
    expect(again).toEqual({ orgId: demo!.id, loaded: null });
    expect(await datasetDigest(testDb.sql, demo!.id)).toEqual(before);
    expect(await testDb.db.select({ id: memberships.userId }).from(memberships)).toHaveLength(1);
  });

  it("refuses to fill an ordinary organization that took the slug", async () => {
    const other = await createTestDatabase();
    try {
      await other.db.insert(organizations).values({ name: "Demo Ltd", slug: "demo" });
      await expect(ensureDemoCompany(other.db)).rejects.toThrow(/not the demo company/);
    } finally {
      await other.drop();
    }
  });
});

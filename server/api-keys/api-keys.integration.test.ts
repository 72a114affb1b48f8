import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeys, memberships, organizations, users } from "@/db/schema";
import { hashToken } from "@/server/auth/tokens";
import { createCaller } from "@/server/trpc/root";
import { createTestDatabase } from "@/test/db";
import { authenticateApiKey, createApiKey, listApiKeys, revokeApiKey } from "./api-keys";

describe("API keys", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let orgA: string;
  let orgB: string;
  let ownerA: string;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const { db } = testDb;
    const [a, b] = await db.insert(organizations).values([{ name: "A", slug: "key-a" }, { name: "B", slug: "key-b" }]).returning();
    const [user] = await db.insert(users).values([{ email: "owner@a.test" }]).returning();
    await db.insert(memberships).values({ orgId: a!.id, userId: user!.id, role: "owner" });
    [orgA, orgB, ownerA] = [a!.id, b!.id, user!.id];
  });
  afterAll(() => testDb.drop());

  it("shows the key once and stores only its hash and a display prefix", async () => {
    const created = await createApiKey(testDb.db, orgA, { name: "CRM bridge", createdBy: ownerA });
    expect(created.key).toMatch(/^sp_live_[A-Za-z0-9_-]{43}$/);
    expect(created.prefix).toBe(created.key.slice(8, 16));
    const [row] = await testDb.db.select().from(apiKeys).where(eq(apiKeys.id, created.id));
    expect(row!.keyHash).toBe(hashToken(created.key));
    expect(JSON.stringify(row)).not.toContain(created.key.slice(8));
    const listed = await listApiKeys(testDb.db, orgA);
    expect(listed.find((k) => k.id === created.id)).toEqual({ id: created.id, name: "CRM bridge", prefix: created.prefix, createdAt: row!.createdAt, lastUsedAt: null, revokedAt: null });
    expect(Object.keys(listed[0]!)).not.toContain("keyHash");
  });

  it("authenticates a live key, refuses unknown and revoked ones, and notes use at most once a minute", async () => {
    const { key, id } = await createApiKey(testDb.db, orgA, { name: "k", createdBy: null });
    const t0 = new Date("2030-01-01T10:00:00Z");
    expect(await authenticateApiKey(testDb.db, key, t0)).toEqual({ orgId: orgA, keyId: id });
    await authenticateApiKey(testDb.db, key, new Date(t0.getTime() + 30_000));
    const lastUsed = async () => (await testDb.db.select().from(apiKeys).where(eq(apiKeys.id, id)))[0]!.lastUsedAt;
    expect(await lastUsed()).toEqual(t0);
    await authenticateApiKey(testDb.db, key, new Date(t0.getTime() + 61_000));
    expect(await lastUsed()).toEqual(new Date(t0.getTime() + 61_000));

    expect(await authenticateApiKey(testDb.db, key.slice(0, -1) + (key.endsWith("A") ? "B" : "A"))).toBeNull();
    expect(await authenticateApiKey(testDb.db, "not-a-key")).toBeNull();
    await expect(revokeApiKey(testDb.db, orgB, id)).rejects.toMatchObject({ kind: "not_found" });
    expect(await authenticateApiKey(testDb.db, key)).not.toBeNull();
    await revokeApiKey(testDb.db, orgA, id);
    expect(await authenticateApiKey(testDb.db, key)).toBeNull();
  });

  it("works through tRPC for a member who manages data, and only for the org's own keys", async () => {
    const caller = createCaller({ db: testDb.db, userId: ownerA, locale: "en" });
    const created = await caller.apiKeys.create({ orgSlug: "key-a", name: " Zapier " });
    expect(created.name).toBe("Zapier");
    expect((await caller.apiKeys.list({ orgSlug: "key-a" })).map((k) => k.id)).toContain(created.id);
    const other = await createApiKey(testDb.db, orgB, { name: "B's", createdBy: null });
    await expect(caller.apiKeys.revoke({ orgSlug: "key-a", keyId: other.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await authenticateApiKey(testDb.db, other.key)).not.toBeNull();
    await caller.apiKeys.revoke({ orgSlug: "key-a", keyId: created.id });
    expect((await caller.apiKeys.list({ orgSlug: "key-a" })).find((k) => k.id === created.id)!.revokedAt).toBeInstanceOf(Date);
  });
});

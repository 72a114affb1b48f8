import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { deals, organizations } from "@/db/schema";
import { POST } from "@/app/api/v1/ingest/[kind]/route";
import { createApiKey, revokeApiKey } from "@/server/api-keys/api-keys";
import { createTestDatabase } from "@/test/db";
import { dealBatch } from "./test-batches";

// The route handler opens the app's database; here it is the test database.
const appDb = vi.hoisted(() => ({ current: null as Db | null }));
vi.mock("@/db/client", async (importOriginal) => ({ ...(await importOriginal<object>()), getDb: () => appDb.current! }));

describe("POST /api/v1/ingest/[kind]", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let orgA: string;
  let orgB: string;
  let keyA: string;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    appDb.current = testDb.db;
    const [a, b] = await testDb.db.insert(organizations).values([{ name: "A", slug: "ingest-a" }, { name: "B", slug: "ingest-b" }]).returning();
    [orgA, orgB] = [a!.id, b!.id];
    keyA = (await createApiKey(testDb.db, orgA, { name: "A's CRM", createdBy: null })).key;
  });
  afterAll(() => testDb.drop());

  const post = (kind: string, body: unknown, headers: Record<string, string> = {}) =>
    POST(
      new Request(`http://localhost/api/v1/ingest/${kind}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: typeof body === "string" ? body : JSON.stringify(body),
      }),
      { params: Promise.resolve({ kind }) },
    );
  const withKey = (key: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${key}`, ...extra });
  const dealCount = (orgId: string) => testDb.db.$count(deals, eq(deals.orgId, orgId));

  it("stores a batch for the key's org and answers with the counts", async () => {
    const response = await post("deals", { records: dealBatch }, withKey(keyA));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: 5, created: 5, updated: 0, unchanged: 0, failed: [] });
    expect(await dealCount(orgA)).toBe(5);
    expect(await dealCount(orgB)).toBe(0);
  });

  it("reports a malformed record in the caller's language while the others land", async () => {
    const records = [{ ...dealBatch[0], externalId: "X1" }, { ...dealBatch[0], externalId: "X2", currency: "euro" }];
    const response = await post("deals", { records }, withKey(keyA, { "accept-language": "uk-UA,uk;q=0.9" }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      received: 2,
      created: 1,
      updated: 0,
      unchanged: 0,
      failed: [{ index: 1, externalId: "X2", errors: [{ path: "currency", message: "Трилітерний код валюти ISO 4217, наприклад UAH." }] }],
    });
  });

  it("refuses requests without a valid key (401) and never names another org", async () => {
    for (const headers of [{}, { authorization: "Basic abc" }, withKey("sp_live_unknown"), withKey(keyA.slice(0, -2))]) {
      const response = await post("deals", { records: dealBatch }, headers);
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe("Bearer");
      expect((await response.json()).error.code).toBe("unauthorized");
    }
    const revoked = await createApiKey(testDb.db, orgB, { name: "old", createdBy: null });
    await revokeApiKey(testDb.db, orgB, revoked.id);
    expect((await post("deals", { records: dealBatch }, withKey(revoked.key))).status).toBe(401);
    expect(await dealCount(orgB)).toBe(0);
  });

  it("writes only into the org of the key, even for the same external ids", async () => {
    const keyB = (await createApiKey(testDb.db, orgB, { name: "B's CRM", createdBy: null })).key;
    const changed = dealBatch.map((d) => ({ ...d, amount: 7 }));
    expect(await (await post("deals", { records: changed }, withKey(keyB))).json()).toMatchObject({ created: 5, updated: 0 });
    const amounts = async (orgId: string) => (await testDb.db.select({ amount: deals.amount }).from(deals).where(eq(deals.orgId, orgId))).map((d) => d.amount);
    expect(new Set(await amounts(orgB))).toEqual(new Set([7]));
    expect(new Set(await amounts(orgA))).toEqual(new Set([1000]));
  });

  it("refuses malformed JSON, a wrong envelope, too many records and unknown kinds", async () => {
    const malformed = await post("deals", "{records: [", withKey(keyA));
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error).toEqual({ code: "invalid", message: "The body is not valid JSON." });

    const envelope = await post("deals", [{ externalId: "D1" }], withKey(keyA, { "accept-language": "ru" }));
    expect(envelope.status).toBe(400);
    expect((await envelope.json()).error.message).toBe("Тело запроса должно быть JSON-объектом с массивом \"records\".");

    const tooMany = await post("deals", { records: new Array(5001).fill(dealBatch[0]) }, withKey(keyA));
    expect(tooMany.status).toBe(400);
    expect((await tooMany.json()).error.message).toBe("At most 5,000 records per request; this one has 5,001. Split it into smaller batches.");

    expect((await post("contacts", { records: [] }, withKey(keyA))).status).toBe(404);
  });

  it("refuses writes with 403 and the billing link's reason while billing makes the org read-only, writing nothing", async () => {
    const [stale] = await testDb.db
      .insert(organizations)
      .values({ name: "Lapsed", slug: "ingest-lapsed", createdAt: new Date(Date.now() - 30 * 86_400_000) })
      .returning();
    const key = (await createApiKey(testDb.db, stale!.id, { name: "CRM", createdBy: null })).key;
    vi.stubEnv("STRIPE_SECRET_KEY", "sk_test_lapsed");
    try {
      const response = await post("deals", { records: dealBatch }, withKey(key));
      expect(response.status).toBe(403);
      expect((await response.json()).error.message).toMatch(/trial has ended/i);
      expect(await dealCount(stale!.id)).toBe(0);
    } finally {
      vi.unstubAllEnvs();
    }
    expect((await post("deals", { records: dealBatch }, withKey(key))).status).toBe(200);
  });
});

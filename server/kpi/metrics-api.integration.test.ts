import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET } from "@/app/api/v1/metrics/route";
import type { Db } from "@/db/client";
import { deals, memberships, organizations, pipelines, stages, users } from "@/db/schema";
import { createApiKey, revokeApiKey } from "@/server/api-keys/api-keys";
import { createCaller } from "@/server/trpc/root";
import { createTestDatabase } from "@/test/db";

// The route handler opens the app's database; here it is the test database.
const appDb = vi.hoisted(() => ({ current: null as Db | null }));
vi.mock("@/db/client", async (importOriginal) => ({ ...(await importOriginal<object>()), getDb: () => appDb.current! }));

describe("GET /api/v1/metrics", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let key: string;
  let keyId: string;
  let orgId: string;
  let ownerId: string;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    appDb.current = testDb.db;
    const { db } = testDb;
    const [org, other] = await db
      .insert(organizations)
      .values([
        { name: "Metrics Co", slug: "metrics", timeZone: "Europe/Moscow", currency: "USD" },
        { name: "Other Co", slug: "other-metrics" },
      ])
      .returning();
    orgId = org!.id;
    const [owner] = await db.insert(users).values({ email: "owner@metrics.test" }).returning();
    ownerId = owner!.id;
    await db.insert(memberships).values({ orgId, userId: ownerId, role: "owner" });
    for (const o of [org!, other!]) {
      const [pipeline] = await db.insert(pipelines).values({ orgId: o.id, name: "Sales" }).returning();
      const [lead] = await db.insert(stages).values({ orgId: o.id, pipelineId: pipeline!.id, name: "Inquiry", position: 0, funnelStep: "lead" }).returning();
      // Metrics Co: two leads in May 2026 (Moscow time), one just before it; Other Co: five leads in May that must never show.
      const created = o.id === orgId ? ["2026-05-01T00:10:00+03:00", "2026-05-20T12:00:00+03:00", "2026-04-30T23:50:00+03:00"] : Array(5).fill("2026-05-10T12:00:00Z");
      await db.insert(deals).values(created.map((at) => ({ orgId: o.id, pipelineId: pipeline!.id, stageId: lead!.id, createdAt: new Date(at) })));
    }
    ({ key, id: keyId } = await createApiKey(db, orgId, { name: "BI", createdBy: ownerId }));
  });
  afterAll(() => testDb.drop());

  const get = (query: string, headers: Record<string, string> = { authorization: `Bearer ${key}` }) =>
    GET(new Request(`http://localhost/api/v1/metrics?${query}`, { headers }), { params: Promise.resolve({}) });

  it("answers with the same numbers as the UI's engine for the key's organization", async () => {
    const query = "metrics=leads_created&period=custom&from=2026-05-01&to=2026-05-31&comparison=previous_period";
    const response = await get(query);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.period).toEqual({ from: "2026-05-01", to: "2026-06-01" });
    const [leads] = body.metrics;
    expect(leads).toMatchObject({ id: "leads_created", value: 2, comparison: { value: 1 } });

    const ui = await createCaller({ db: testDb.db, userId: ownerId, locale: "en" }).kpi.compute({
      orgSlug: "metrics",
      metrics: ["leads_created"],
      period: { period: "custom", from: "2026-05-01", to: "2026-05-31" },
      comparison: "previous_period",
    });
    expect(JSON.parse(JSON.stringify(ui))).toEqual(body);
  });

  it("refuses bad parameters by name, in the caller's language", async () => {
    const response = await get("metrics=leads_created,not_a_metric&period=custom&from=2026-05-31&to=2026-05-01", {
      authorization: `Bearer ${key}`,
      "accept-language": "ru",
    });
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error.code).toBe("invalid");
    expect(Object.keys(error.fields).sort()).toEqual(["metrics", "to"]);
    expect(error.fields.metrics).toBe("Недопустимое значение.");
  });

  it("refuses a missing, unknown or revoked key", async () => {
    expect((await get("metrics=leads_created", {})).status).toBe(401);
    expect((await get("metrics=leads_created", { authorization: "Bearer sp_live_nope" })).status).toBe(401);
    await revokeApiKey(testDb.db, orgId, keyId);
    expect((await get("metrics=leads_created")).status).toBe(401);
  });
});

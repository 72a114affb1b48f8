import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataSources, memberships, organizations, syncRunErrors, syncRuns, users } from "@/db/schema";
import { createCaller } from "@/server/trpc/root";
import { createTestDatabase } from "@/test/db";
import { setSyncQueue } from "./sync-queue";
import { createConnectedSource } from "./testing/source-fixtures";

describe("sources router", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let orgId: string;
  let sourceId: number;
  let otherSourceId: number;
  const sent: unknown[] = [];
  const as = (userId: string) => createCaller({ db: testDb.db, userId, locale: "en" });
  let owner: string;
  let viewer: string;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    setSyncQueue({ send: async (job) => void sent.push(job) });
    ({ orgId, sourceId } = await createConnectedSource(testDb.db, { slug: "src-a", baseUrl: "http://127.0.0.1:9" }));
    ({ sourceId: otherSourceId } = await createConnectedSource(testDb.db, { slug: "src-b", baseUrl: "http://127.0.0.1:9" }));
    await testDb.db.insert(dataSources).values({ orgId, kind: "api", name: "Push API" });
    const [o, v] = await testDb.db.insert(users).values([{ email: "owner@src.test" }, { email: "viewer@src.test" }]).returning();
    [owner, viewer] = [o!.id, v!.id];
    await testDb.db.insert(memberships).values([
      { orgId, userId: owner, role: "owner" },
      { orgId, userId: viewer, role: "viewer" },
    ]);
  });
  afterAll(async () => {
    setSyncQueue(undefined);
    await testDb.drop();
  });

  it("lists the org's sources with their latest run and schedule, never their credentials", async () => {
    const { canManage, sources } = await as(viewer).sources.list({ orgSlug: "src-a" });
    expect(canManage).toBe(false);
    expect(sources.map((s) => ({ kind: s.kind, syncable: s.syncable, interval: s.syncIntervalMinutes, latestRun: s.latestRun }))).toEqual([
      { kind: "pipedrive", syncable: true, interval: 60, latestRun: null },
      { kind: "api", syncable: false, interval: 60, latestRun: null },
    ]);
    const [stored] = await testDb.db.select({ credentials: dataSources.credentials }).from(dataSources).where(eq(dataSources.id, sourceId));
    expect(JSON.stringify(sources)).not.toContain(stored!.credentials!.slice(0, 20));
    expect(Object.keys(sources[0]!)).not.toContain("credentials");
    expect((await as(owner).sources.list({ orgSlug: "src-a" })).canManage).toBe(true);
  });

  it("sync now queues one run and wakes a worker; asking again returns the same run; viewers may not", async () => {
    const first = await as(owner).sources.syncNow({ orgSlug: "src-a", sourceId });
    const again = await as(owner).sources.syncNow({ orgSlug: "src-a", sourceId });
    expect(again.runId).toBe(first.runId);
    expect(first.status).toBe("queued");
    expect(sent).toContainEqual({ orgId, sourceId });
    await expect(as(viewer).sources.syncNow({ orgSlug: "src-a", sourceId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(as(owner).sources.syncNow({ orgSlug: "src-a", sourceId: otherSourceId })).rejects.toMatchObject({ code: "NOT_FOUND" });

    const runs = await as(viewer).sources.runs({ orgSlug: "src-a", sourceId });
    expect(runs).toMatchObject([{ id: first.runId, status: "queued", trigger: "manual" }]);
    expect((await as(viewer).sources.runs({ orgSlug: "src-a", sourceId: otherSourceId }))).toEqual([]);
    await testDb.db.insert(syncRunErrors).values({ orgId, runId: first.runId, stream: "deals", externalId: "7", message: { key: "apiKeys.record.required", values: { field: "createdAt" } } });
    expect(await as(viewer).sources.runErrors({ orgSlug: "src-a", runId: first.runId })).toMatchObject({ total: 1, errors: [{ externalId: "7", message: { key: "apiKeys.record.required" } }] });
  });

  it("sets the schedule (manual, 15 min, hourly, daily) and refuses other intervals", async () => {
    const daily = await as(owner).sources.setSchedule({ orgSlug: "src-a", sourceId, intervalMinutes: 1440 });
    expect(daily.syncIntervalMinutes).toBe(1440);
    expect(daily.nextSyncAt!.getTime() - Date.now()).toBeGreaterThan(1439 * 60_000);
    expect(await as(owner).sources.setSchedule({ orgSlug: "src-a", sourceId, intervalMinutes: null })).toEqual({ syncIntervalMinutes: null, nextSyncAt: null });
    await expect(as(owner).sources.setSchedule({ orgSlug: "src-a", sourceId, intervalMinutes: 7 as 15 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(as(viewer).sources.setSchedule({ orgSlug: "src-a", sourceId, intervalMinutes: 15 })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("disconnect erases the credentials, stops the schedule and cancels the queued run; data and history stay", async () => {
    await as(owner).sources.setSchedule({ orgSlug: "src-a", sourceId, intervalMinutes: 60 });
    await as(owner).sources.disconnect({ orgSlug: "src-a", sourceId });
    const [source] = await testDb.db.select().from(dataSources).where(eq(dataSources.id, sourceId));
    expect(source).toMatchObject({ credentials: null, nextSyncAt: null });
    expect(source!.disconnectedAt).not.toBeNull();
    const runs = await testDb.db.select().from(syncRuns).where(eq(syncRuns.sourceId, sourceId));
    expect(runs.map((r) => r.status)).toEqual(["cancelled"]);
    await expect(as(owner).sources.syncNow({ orgSlug: "src-a", sourceId })).rejects.toMatchObject({ code: "CONFLICT" });
    const [org] = await testDb.db.select().from(organizations).where(eq(organizations.id, orgId));
    expect(org).toBeDefined();
  });
});

import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataSources, dealStageEvents, deals, syncCheckpoints, syncRunErrors, syncRuns } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { runSync, SINCE_OVERLAP_MS, type RunSyncOptions } from "./run-sync";
import { fakeConnector, fakeDeal, fakeStageEvent, MemoryDataset, startFakeCrm } from "./testing/fake-crm";
import { createConnectedSource, queueRun } from "./testing/source-fixtures";

const fast: RunSyncOptions["http"] = { sleep: async () => {}, maxAttempts: 1 };
const options: RunSyncOptions = { connectors: { pipedrive: fakeConnector(3) }, http: fast };

describe("runSync", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let crm: Awaited<ReturnType<typeof startFakeCrm>>;
  const data = new MemoryDataset();
  let orgId: string;
  let sourceId: number;

  const scoped = <T extends typeof deals | typeof dealStageEvents>(table: T) => and(eq(table.orgId, orgId), eq(table.sourceId, sourceId));
  const dealRows = () => testDb.db.select({ externalId: deals.externalId, amount: deals.amount }).from(deals).where(scoped(deals)).orderBy(sql`external_id::int`);
  const eventIds = async () =>
    (await testDb.db.select({ externalId: dealStageEvents.externalId }).from(dealStageEvents).where(scoped(dealStageEvents))).map((e) => e.externalId).sort();
  const runRow = async (id: number) => (await testDb.db.select().from(syncRuns).where(eq(syncRuns.id, id)))[0]!;
  const sync = async (extra: Partial<RunSyncOptions> = {}) => {
    const id = await queueRun(testDb.db, orgId, sourceId);
    const result = await runSync(testDb.db, orgId, id, { ...options, ...extra });
    return { id, result, run: await runRow(id) };
  };
  const requestsSince = (from: number) => crm.requests.slice(from).map((r) => r.url);

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const now = Date.now();
    for (let id = 1; id <= 8; id++) data.put("deals", { id, updatedAt: now - 86_400_000, record: fakeDeal(id, id === 5 ? { createdAt: "yesterday" } : {}) });
    let eventId = 0;
    for (const dealId of [1, 2, 3, 4, 6, 7, 8]) for (const step of [0, 1]) data.put("events", { id: ++eventId, updatedAt: now - 86_400_000, record: fakeStageEvent(eventId, dealId, step) });
    data.put("events", { id: ++eventId, updatedAt: now - 86_400_000, record: fakeStageEvent(eventId, 99, 0) });
    crm = await startFakeCrm(data);
    ({ orgId, sourceId } = await createConnectedSource(testDb.db, { slug: "sync-a", baseUrl: crm.url }));
  });
  afterAll(async () => {
    await crm.close();
    await testDb.drop();
  });

  it("reads every page of every stream, skips malformed records with readable errors, and schedules the next sync", async () => {
    const { result, run, id } = await sync();
    expect(result.outcome).toBe("finished");
    expect(run).toMatchObject({ status: "succeeded", attempts: 1, created: 7 + 14, updated: 0, deleted: 0, failed: 2, recordsDone: 8 + 15, pagesDone: 3 + 5, error: null });
    expect(run.finishedAt).not.toBeNull();
    expect((await dealRows()).map((d) => d.externalId)).toEqual(["1", "2", "3", "4", "6", "7", "8"]);
    expect(await eventIds()).toHaveLength(14);

    const errors = await testDb.db.select().from(syncRunErrors).where(eq(syncRunErrors.runId, id)).orderBy(syncRunErrors.id);
    expect(errors.map((e) => ({ stream: e.stream, externalId: e.externalId, key: e.message.key, field: e.message.values?.field }))).toEqual([
      { stream: "deals", externalId: "5", key: "apiKeys.record.dateTime", field: "createdAt" },
      { stream: "stage-events", externalId: "15", key: "apiKeys.record.unknownDeal", field: "dealExternalId" },
    ]);
    // Pages were read one after another with the CRM's cursor; the first pass reads everything.
    expect(crm.requests.filter((r) => r.url.startsWith("/deals")).map((r) => r.url)).toEqual([
      "/deals?after=0&limit=3",
      "/deals?after=3&limit=3",
      "/deals?after=6&limit=3",
    ]);
    const checkpoints = await testDb.db.select().from(syncCheckpoints).where(eq(syncCheckpoints.sourceId, sourceId));
    expect(checkpoints.map((c) => ({ stream: c.stream, cursor: c.cursor, passStartedAt: c.passStartedAt }))).toEqual(
      expect.arrayContaining([
        { stream: "deals", cursor: null, passStartedAt: null },
        { stream: "stage-events", cursor: null, passStartedAt: null },
      ]),
    );
    expect(checkpoints.every((c) => c.since! >= run.startedAt!)).toBe(true);
    const [source] = await testDb.db.select().from(dataSources).where(eq(dataSources.id, sourceId));
    expect(source!.lastSyncedAt).not.toBeNull();
    expect(source!.nextSyncAt!.getTime() - run.finishedAt!.getTime()).toBeGreaterThan(59 * 60_000);
    expect(source!.nextSyncAt!.getTime() - run.finishedAt!.getTime()).toBeLessThan(61 * 60_000);
  });

  it("a second run reads only what changed since the last pass, and follows deletions with the deal's history", async () => {
    const now = Date.now();
    data.put("deals", { id: 2, updatedAt: now, record: fakeDeal(2, { amount: 12_345 }) });
    data.put("deals", { id: 3, updatedAt: now, deleted: true });
    data.items.events.delete(5);
    data.items.events.delete(6);
    data.put("deals", { id: 9, updatedAt: now, record: fakeDeal(9) });
    data.put("events", { id: 16, updatedAt: now, record: fakeStageEvent(16, 9, 0) });
    const from = crm.requests.length;
    const { run } = await sync();
    expect(run).toMatchObject({ status: "succeeded", created: 2, updated: 1, deleted: 1, failed: 0, recordsDone: 3 });
    expect(requestsSince(from).every((url) => /since=\d+/.test(url))).toBe(true);
    expect((await dealRows()).map((d) => [d.externalId, d.amount])).toEqual([
      ["1", 100],
      ["2", 12_345],
      ["4", 400],
      ["6", 600],
      ["7", 700],
      ["8", 800],
      ["9", 900],
    ]);
    const events = await eventIds();
    expect(events).toHaveLength(13);
    expect(events).not.toContain("5");
    expect(events).not.toContain("6");
  });

  it("reads a little before the last pass's start: a change the CRM stamped just before it (its clock behind ours) is not missed", async () => {
    const [checkpoint] = await testDb.db.select().from(syncCheckpoints).where(and(eq(syncCheckpoints.sourceId, sourceId), eq(syncCheckpoints.stream, "deals")));
    const lastPassStart = checkpoint!.since!.getTime();
    data.put("deals", { id: 10, updatedAt: lastPassStart - 2 * 60_000, record: fakeDeal(10) });
    data.put("deals", { id: 11, updatedAt: lastPassStart - SINCE_OVERLAP_MS - 60_000, record: fakeDeal(11) });
    const from = crm.requests.length;
    const { run } = await sync();
    expect(run).toMatchObject({ status: "succeeded", created: 1, failed: 0 });
    expect(requestsSince(from).find((url) => url.startsWith("/deals"))).toContain(`since=${lastPassStart - SINCE_OVERLAP_MS}`);
    const stored = (await dealRows()).map((d) => d.externalId);
    expect(stored).toContain("10");
    // Stamped before the overlap: an incremental pass does not see it (a full read would).
    expect(stored).not.toContain("11");
    await testDb.db.delete(deals).where(and(scoped(deals), eq(deals.externalId, "10")));
    data.items.deals.delete(10);
    data.items.deals.delete(11);
  });

  it("reading everything again writes nothing twice", async () => {
    await testDb.db.delete(syncCheckpoints).where(eq(syncCheckpoints.sourceId, sourceId));
    const before = { deals: await dealRows(), events: await eventIds() };
    const { run } = await sync();
    expect(run).toMatchObject({ status: "succeeded", created: 0, updated: 0, deleted: 0, failed: 2 });
    expect({ deals: await dealRows(), events: await eventIds() }).toEqual(before);
  });

  it("resumes an interrupted run at the next page of the stream it was reading, with exact counts", async () => {
    await testDb.db.delete(syncCheckpoints).where(eq(syncCheckpoints.sourceId, sourceId));
    await testDb.db.delete(deals).where(eq(deals.sourceId, sourceId));
    let eventPages = 0;
    const connector = fakeConnector(3);
    const events = connector.streams[1]!;
    const failing = {
      ...connector,
      streams: [connector.streams[0]!, { ...events, readPage: (ctx: Parameters<typeof events.readPage>[0], args: Parameters<typeof events.readPage>[1]) => (++eventPages === 3 ? Promise.reject(new Error("worker died")) : events.readPage(ctx, args)) }],
    };
    const id = await queueRun(testDb.db, orgId, sourceId);
    const first = await runSync(testDb.db, orgId, id, { ...options, connectors: { pipedrive: failing } });
    expect(first.run).toMatchObject({ status: "failed", error: { key: "errors.unexpected" }, pagesDone: 3 + 2 });
    // Take the failed run over as if its worker had died mid-run.
    await testDb.db.update(syncRuns).set({ status: "running" }).where(eq(syncRuns.id, id));
    const from = crm.requests.length;
    const second = await runSync(testDb.db, orgId, id, options);
    expect(second.outcome).toBe("finished");
    expect(requestsSince(from)).toEqual(["/events?after=8&limit=3", "/events?after=11&limit=3", "/events?after=14&limit=3"]);
    expect(await runRow(id)).toMatchObject({ status: "succeeded", attempts: 2, created: 7 + 13, deleted: 0, failed: 2 });
    expect((await dealRows()).map((d) => d.externalId)).toEqual(["1", "2", "4", "6", "7", "8", "9"]);
    expect(await eventIds()).toHaveLength(13);
  });

  it("fails with a readable error when the CRM refuses the credentials, and cancels runs of a disconnected source", async () => {
    const other = await createConnectedSource(testDb.db, { slug: "sync-b", baseUrl: crm.url, token: "revoked" });
    const id = await queueRun(testDb.db, other.orgId, other.sourceId);
    const { run } = await runSync(testDb.db, other.orgId, id, options);
    expect(run).toMatchObject({ status: "failed", error: { key: "errors.http.unauthorized" } });

    await testDb.db.update(dataSources).set({ disconnectedAt: new Date() }).where(eq(dataSources.id, other.sourceId));
    const cancelled = await runSync(testDb.db, other.orgId, await queueRun(testDb.db, other.orgId, other.sourceId), options);
    expect(cancelled.run).toMatchObject({ status: "cancelled" });
    const [source] = await testDb.db.select().from(dataSources).where(eq(dataSources.id, other.sourceId));
    expect(source!.nextSyncAt).toBeNull();
  });

  it("queues a run again for a later retry when the CRM stays unavailable, and fails it after the last attempt", async () => {
    const down = await startFakeCrm({ page: () => { throw new Error("down"); } });
    try {
      const other = await createConnectedSource(testDb.db, { slug: "sync-c", baseUrl: down.url });
      const id = await queueRun(testDb.db, other.orgId, other.sourceId);
      const retry = { ...options, maxAttempts: 2 };
      expect(await runSync(testDb.db, other.orgId, id, retry)).toMatchObject({ outcome: "retry", run: { status: "queued", error: { key: "errors.http.serverError" } } });
      expect(await runSync(testDb.db, other.orgId, id, retry)).toMatchObject({ outcome: "finished", run: { status: "failed", attempts: 2, error: { key: "errors.http.serverError", values: { status: 500, tries: 1 } } } });
    } finally {
      await down.close();
    }
  });
});

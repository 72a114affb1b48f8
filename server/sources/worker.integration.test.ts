import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { dataSources, dealStageEvents, deals, memberships, organizations, syncRuns, users } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { requestSync } from "./request-sync";
import { bossQueue, createSyncQueue, newBoss } from "./sync-queue";
import { enqueueDueAndStalled } from "./worker";
import { fakeDeal, fakeStageEvent, MemoryDataset, startFakeCrm } from "./testing/fake-crm";
import { createConnectedSource } from "./testing/source-fixtures";

const DEALS = 60;
const EVENTS_PER_DEAL = 2;
const PAGE_SIZE = 5;
const PAGES = DEALS / PAGE_SIZE + (DEALS * EVENTS_PER_DEAL) / PAGE_SIZE;

async function waitFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("sync worker", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let crm: Awaited<ReturnType<typeof startFakeCrm>>;
  const children: ChildProcess[] = [];

  function startWorker() {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(__dirname, "testing", "kill-test-worker.ts")], {
      env: { ...process.env, DATABASE_URL: testDb.url, PAGE_SIZE: String(PAGE_SIZE) },
      stdio: ["ignore", "pipe", "inherit"],
    });
    children.push(child);
    return new Promise<ChildProcess>((resolve, reject) => {
      child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve(child));
      child.once("exit", (code) => reject(new Error(`worker exited with ${code}`)));
    });
  }

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const data = new MemoryDataset();
    for (let id = 1; id <= DEALS; id++) {
      data.put("deals", { id, updatedAt: 0, record: fakeDeal(id) });
      for (let step = 0; step < EVENTS_PER_DEAL; step++) {
        const eventId = (id - 1) * EVENTS_PER_DEAL + step + 1;
        data.put("events", { id: eventId, updatedAt: 0, record: fakeStageEvent(eventId, id, step) });
      }
    }
    crm = await startFakeCrm(data, { delayMs: 120 });
  });
  afterAll(async () => {
    for (const child of children) child.kill("SIGKILL");
    await crm.close();
    await testDb.drop();
  });

  it("a worker killed mid-sync is taken over by another that resumes at the next page: nothing lost, nothing doubled", async () => {
    const { db } = testDb;
    const { orgId, sourceId } = await createConnectedSource(db, { slug: "kill", baseUrl: crm.url });
    const [head] = await db.insert(users).values({ email: "head@kill.test" }).returning({ id: users.id });
    await db.insert(memberships).values({ orgId, userId: head!.id, role: "head_of_sales" });
    const boss = newBoss({ url: testDb.url, max: 1 }, { supervise: false, schedule: false });
    await boss.start();
    await createSyncQueue(boss);
    const run = await requestSync(db, orgId, sourceId, "manual", { queue: bossQueue(boss) });
    await boss.stop({ graceful: false, wait: true });
    const runRow = async () => (await db.select().from(syncRuns).where(eq(syncRuns.id, run.id)))[0]!;

    const first = await startWorker();
    // Kill it in the middle of the stage events stream, i.e. after all deal pages and a few event pages.
    const atKill = await waitFor("a few event pages", runRow, (r) => r.pagesDone >= DEALS / PAGE_SIZE + 3);
    first.kill("SIGKILL");
    expect(atKill.status).toBe("running");
    await new Promise((resolve) => first.once("exit", resolve));
    const afterKill = await runRow();
    expect(afterKill.status).toBe("running");
    expect(afterKill.pagesDone).toBeLessThan(PAGES);
    const requestsBeforeTakeover = crm.requests.length;

    await new Promise((resolve) => setTimeout(resolve, 1500));
    await startWorker();
    const finished = await waitFor("the run to finish", runRow, (r) => r.status !== "running" && r.status !== "queued");

    expect(finished).toMatchObject({
      status: "succeeded",
      attempts: 2,
      pagesDone: PAGES,
      recordsDone: DEALS * (1 + EVENTS_PER_DEAL),
      created: DEALS * (1 + EVENTS_PER_DEAL),
      updated: 0,
      deleted: 0,
      failed: 0,
      error: null,
    });
    const scoped = <T extends typeof deals | typeof dealStageEvents>(table: T) => and(eq(table.orgId, orgId), eq(table.sourceId, sourceId));
    const [dealCount] = await db.select({ n: sql<number>`count(*)::int`, distinct: sql<number>`count(distinct external_id)::int` }).from(deals).where(scoped(deals));
    const [eventCount] = await db
      .select({ n: sql<number>`count(*)::int`, distinct: sql<number>`count(distinct external_id)::int` })
      .from(dealStageEvents)
      .where(scoped(dealStageEvents));
    expect(dealCount).toEqual({ n: DEALS, distinct: DEALS });
    expect(eventCount).toEqual({ n: DEALS * EVENTS_PER_DEAL, distinct: DEALS * EVENTS_PER_DEAL });
    // The second worker started at the checkpoint: no deal page again, and at most the page in flight re-read.
    const takeover = crm.requests.slice(requestsBeforeTakeover).map((r) => r.url);
    expect(takeover.some((url) => url.startsWith("/deals"))).toBe(false);
    expect(crm.requests.length).toBeLessThanOrEqual(PAGES + 1);
    const [source] = await db.select().from(dataSources).where(eq(dataSources.id, sourceId));
    expect(source!.lastSyncedAt).not.toBeNull();
    // The worker then computes the head of sales' dashboard over what the run brought, ahead of their visit: asked for
    // by the run's end, not left to the minute tick.
    await waitFor(
      "the dashboard computed after the run",
      () => db.execute<{ n: number }>(sql`select count(*)::int as n from kpi_results_cache where org_id = ${orgId} and computed_at > ${finished.finishedAt!.toISOString()}::timestamptz`),
      (rows) => rows[0]!.n > 0,
      10_000,
    );
  }, 120_000);

  it("the minute tick queues scheduled runs of due sources once, and none for manual-only or disconnected ones", async () => {
    const { db } = testDb;
    const sent: unknown[] = [];
    const queue = { send: async (job: unknown) => void sent.push(job) };
    const due = await createConnectedSource(db, { slug: "due", baseUrl: crm.url });
    const manual = await createConnectedSource(db, { slug: "manual", baseUrl: crm.url });
    const gone = await createConnectedSource(db, { slug: "gone", baseUrl: crm.url });
    const past = new Date(Date.now() - 60_000);
    await db.update(dataSources).set({ nextSyncAt: past, syncIntervalMinutes: 15 }).where(eq(dataSources.id, due.sourceId));
    await db.update(dataSources).set({ nextSyncAt: past, syncIntervalMinutes: null }).where(eq(dataSources.id, manual.sourceId));
    await db.update(dataSources).set({ nextSyncAt: past, disconnectedAt: past }).where(eq(dataSources.id, gone.sourceId));

    await enqueueDueAndStalled(db, queue, 120);
    await enqueueDueAndStalled(db, queue, 120);
    expect(sent).toEqual([{ orgId: due.orgId, sourceId: due.sourceId }]);
    const runs = await db.select().from(syncRuns).where(eq(syncRuns.orgId, due.orgId));
    expect(runs).toMatchObject([{ status: "queued", trigger: "schedule" }]);
    const [source] = await db.select().from(dataSources).where(eq(dataSources.id, due.sourceId));
    expect(source!.nextSyncAt!.getTime() - Date.now()).toBeGreaterThan(14 * 60_000);
  });

  it("queues no scheduled sync for an organization billing has made read-only", async () => {
    const { db } = testDb;
    const sent: unknown[] = [];
    const lapsed = await createConnectedSource(db, { slug: "lapsed", baseUrl: crm.url });
    await db.update(organizations).set({ createdAt: new Date(Date.now() - 30 * 86_400_000) }).where(eq(organizations.id, lapsed.orgId));
    await db.update(dataSources).set({ nextSyncAt: new Date(Date.now() - 60_000), syncIntervalMinutes: 60 }).where(eq(dataSources.id, lapsed.sourceId));
    vi.stubEnv("STRIPE_SECRET_KEY", "sk_test_lapsed");
    try {
      await enqueueDueAndStalled(db, { send: async (job: unknown) => void sent.push(job) }, 120);
    } finally {
      vi.unstubAllEnvs();
    }
    expect(sent).toEqual([]);
    expect(await db.select().from(syncRuns).where(eq(syncRuns.orgId, lapsed.orgId))).toEqual([]);
  });
});

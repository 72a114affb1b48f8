import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { dealStageEvents, deals, syncCheckpoints, syncRunErrors, syncRuns } from "@/db/schema";
import type Stripe from "stripe";
import { billingConfig } from "@/server/billing/config";
import { monthsBefore } from "@/server/billing/limits";
import { processStripeEvent } from "@/server/billing/webhooks/process-event";
import { plans } from "@/server/billing/plans";
import { createTestDatabase } from "@/test/db";
import { listRuns } from "./list-sources";
import { runSync, type RunSyncOptions } from "./run-sync";
import { fakeConnector, fakeDeal, fakeStageEvent, MemoryDataset, startFakeCrm } from "./testing/fake-crm";
import { createConnectedSource, queueRun } from "./testing/source-fixtures";

const DAY = 86_400_000;
const options: RunSyncOptions = { connectors: { pipedrive: fakeConnector(2) }, http: { sleep: async () => {}, maxAttempts: 1 } };

/**
 * The plan's months of history on a first sync: a trial org (12 months) stores deals created in the last 12 months
 * with their stage changes, leaves out older ones and says how many; with billing off everything is stored.
 */
describe("months of history on the first sync", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let crm: Awaited<ReturnType<typeof startFakeCrm>>;
  const data = new MemoryDataset();
  const trialCo = { orgId: "", sourceId: 0 };
  const now = new Date();
  const cutoff = monthsBefore(now, plans.trial.limits.historyMonths!);
  const iso = (ms: number) => new Date(ms).toISOString();
  // Deals 1–3 were created before the cutoff (2 days to 2 years before it), deals 4–6 after it.
  const created: Record<number, number> = {
    1: cutoff.getTime() - 730 * DAY,
    2: cutoff.getTime() - 90 * DAY,
    3: cutoff.getTime() - 2 * DAY,
    4: cutoff.getTime() + 2 * DAY,
    5: now.getTime() - 90 * DAY,
    6: now.getTime() - DAY,
  };

  const dealIds = async (orgId: string) =>
    (await testDb.db.select({ externalId: deals.externalId }).from(deals).where(eq(deals.orgId, orgId))).map((d) => d.externalId).sort();
  const eventIds = async (orgId: string) =>
    (await testDb.db.select({ externalId: dealStageEvents.externalId }).from(dealStageEvents).where(eq(dealStageEvents.orgId, orgId))).map((e) => e.externalId).sort((a, b) => Number(a) - Number(b));
  const sync = async (orgId: string, sourceId: number) => {
    const id = await queueRun(testDb.db, orgId, sourceId);
    await runSync(testDb.db, orgId, id, options);
    const [run] = await testDb.db.select().from(syncRuns).where(and(eq(syncRuns.orgId, orgId), eq(syncRuns.id, id)));
    return run!;
  };

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const changed = now.getTime() - DAY;
    for (let id = 1; id <= 6; id++) {
      data.put("deals", { id, updatedAt: changed, record: fakeDeal(id, { createdAt: iso(created[id]!) }) });
      // Two stage changes per deal: on its creation day, and a day later (deal 1's second one only last week).
      data.put("events", { id: id * 2 - 1, updatedAt: changed, record: { ...fakeStageEvent(id * 2 - 1, id, 0), at: iso(created[id]!) } });
      const second = id === 1 ? now.getTime() - 7 * DAY : created[id]! + DAY;
      data.put("events", { id: id * 2, updatedAt: changed, record: { ...fakeStageEvent(id * 2, id, 1), at: iso(second) } });
    }
    // A recent stage change of a deal the CRM never listed: still a skipped record, not hidden as old history.
    data.put("events", { id: 99, updatedAt: changed, record: { ...fakeStageEvent(99, 99, 0), at: iso(now.getTime() - DAY) } });
    crm = await startFakeCrm(data);
  });
  afterEach(() => vi.unstubAllEnvs());
  afterAll(async () => {
    await crm.close();
    await testDb.drop();
  });

  it("a trial org stores only the last 12 months: older deals and their stage changes are left out and counted", async () => {
    vi.stubEnv("STRIPE_SECRET_KEY", "sk_test_history");
    const { orgId, sourceId } = await createConnectedSource(testDb.db, { slug: "trial-co", baseUrl: crm.url });
    Object.assign(trialCo, { orgId, sourceId });
    const run = await sync(orgId, sourceId);

    expect(await dealIds(orgId)).toEqual(["4", "5", "6"]);
    expect(await eventIds(orgId)).toEqual(["7", "8", "9", "10", "11", "12"]);
    // 3 deals and their 6 stage changes (deal 1's recent one too: its deal is not stored) were left out.
    expect(run).toMatchObject({ status: "succeeded", created: 3 + 6, failed: 1, leftOutByHistory: 3 + 6, recordsDone: 6 + 13 });
    const errors = await testDb.db.select().from(syncRunErrors).where(and(eq(syncRunErrors.orgId, orgId), eq(syncRunErrors.runId, run.id)));
    expect(errors.map((e) => [e.externalId, e.message.key])).toEqual([["99", "apiKeys.record.unknownDeal"]]);
    // The run history (what the sources page shows) carries the count.
    expect((await listRuns(testDb.db, orgId, sourceId))[0]).toMatchObject({ id: run.id, leftOutByHistory: 9 });

    // A later run that reads the stage changes again but not their deals (unchanged since) still knows which deals
    // were left out: their stage changes are left out with them, not failed as records of an unknown deal.
    await testDb.db.delete(syncCheckpoints).where(and(eq(syncCheckpoints.orgId, orgId), eq(syncCheckpoints.stream, "stage-events")));
    const eventsAgain = await sync(orgId, sourceId);
    expect(eventsAgain).toMatchObject({ status: "succeeded", created: 0, failed: 1, leftOutByHistory: 6, recordsDone: 13 });
    const againErrors = await testDb.db.select().from(syncRunErrors).where(and(eq(syncRunErrors.orgId, orgId), eq(syncRunErrors.runId, eventsAgain.id)));
    expect(againErrors.map((e) => e.externalId)).toEqual(["99"]);

    // A full re-read leaves them out again and stores nothing twice.
    await testDb.db.delete(syncCheckpoints).where(eq(syncCheckpoints.orgId, orgId));
    expect(await sync(orgId, sourceId)).toMatchObject({ created: 0, updated: 0, leftOutByHistory: 9 });
    expect(await dealIds(orgId)).toEqual(["4", "5", "6"]);
  });

  it("after an upgrade to a plan with all history, the next sync reads everything again and stores what was left out", async () => {
    vi.stubEnv("STRIPE_SECRET_KEY", "sk_test_history");
    vi.stubEnv("STRIPE_PRICE_BUSINESS", "price_business");
    const { orgId, sourceId } = trialCo;
    const subscription = {
      id: "sub_history",
      object: "subscription",
      customer: "cus_history",
      status: "active",
      cancel_at_period_end: false,
      trial_end: null,
      metadata: { orgId },
      items: { object: "list", data: [{ id: "si_history", object: "subscription_item", quantity: 1, price: { id: "price_business" }, current_period_end: Math.floor(Date.now() / 1000) + 30 * 86400 }] },
    };
    const event = { id: "evt_history_business", object: "event", type: "customer.subscription.created", created: Math.floor(Date.now() / 1000), data: { object: subscription } };
    await processStripeEvent(testDb.db, billingConfig()!, event as unknown as Stripe.Event);

    const run = await sync(orgId, sourceId);
    expect(run).toMatchObject({ status: "succeeded", created: 3 + 6, leftOutByHistory: 0, recordsDone: 6 + 13 });
    expect(await dealIds(orgId)).toEqual(["1", "2", "3", "4", "5", "6"]);
    expect(await eventIds(orgId)).toHaveLength(12);
    // Later syncs read only changes again.
    expect(await sync(orgId, sourceId)).toMatchObject({ recordsDone: 0 });
  });

  it("with billing off (open limits) every deal and stage change is stored", async () => {
    const { orgId, sourceId } = await createConnectedSource(testDb.db, { slug: "open-co", baseUrl: crm.url });
    const run = await sync(orgId, sourceId);
    expect(await dealIds(orgId)).toEqual(["1", "2", "3", "4", "5", "6"]);
    expect(await eventIds(orgId)).toHaveLength(12);
    expect(run).toMatchObject({ status: "succeeded", created: 6 + 12, failed: 1, leftOutByHistory: 0 });
  });

  it("records stored before the limit applied stay and keep being updated; nothing is deleted", async () => {
    const { orgId, sourceId } = await createConnectedSource(testDb.db, { slug: "was-open-co", baseUrl: crm.url });
    await sync(orgId, sourceId);
    // Billing turns on (the org is on the trial's 12 months); the CRM changes an old deal and adds an old one.
    vi.stubEnv("STRIPE_SECRET_KEY", "sk_test_history");
    data.put("deals", { id: 1, updatedAt: Date.now(), record: fakeDeal(1, { createdAt: iso(created[1]!), amount: 4321 }) });
    data.put("deals", { id: 7, updatedAt: Date.now(), record: fakeDeal(7, { createdAt: iso(created[1]!) }) });
    const run = await sync(orgId, sourceId);
    expect(run).toMatchObject({ status: "succeeded", created: 0, updated: 1, leftOutByHistory: 1 });
    expect(await dealIds(orgId)).toEqual(["1", "2", "3", "4", "5", "6"]);
    const [deal1] = await testDb.db.select({ amount: deals.amount }).from(deals).where(and(eq(deals.orgId, orgId), eq(deals.externalId, "1")));
    expect(deal1!.amount).toBe(4321);
    data.items.deals.delete(7);
    data.put("deals", { id: 1, updatedAt: now.getTime() - DAY, record: fakeDeal(1, { createdAt: iso(created[1]!) }) });
  });
});

describe("monthsBefore", () => {
  it("counts calendar months back in UTC, ending on the last day of a shorter month", () => {
    expect(monthsBefore(new Date("2026-11-26T18:00:00Z"), 12)).toEqual(new Date("2025-11-26T18:00:00Z"));
    expect(monthsBefore(new Date("2026-03-31T10:00:00Z"), 1)).toEqual(new Date("2026-02-28T10:00:00Z"));
    expect(monthsBefore(new Date("2028-03-31T10:00:00Z"), 25)).toEqual(new Date("2026-02-28T10:00:00Z"));
    expect(monthsBefore(new Date("2026-01-15T00:00:00Z"), 24)).toEqual(new Date("2024-01-15T00:00:00Z"));
  });
});

import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activities, dataSources, deals, dealStageEvents, marketingDaily, organizations, quotas, stages } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { ingestBatch } from "./ingest-batch";
import { dealBatch, stage, stageEventBatch } from "./test-batches";

describe("ingestBatch", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let orgId: string;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const [org] = await testDb.db.insert(organizations).values({ name: "Push Co", slug: "push-co" }).returning();
    orgId = org!.id;
  });
  afterAll(() => testDb.drop());

  const dealRows = () =>
    testDb.db
      .select({ externalId: deals.externalId, status: deals.status, wonAt: deals.wonAt, lostAt: deals.lostAt, stage: stages.externalId, amount: deals.amount })
      .from(deals)
      .innerJoin(stages, eq(stages.id, deals.stageId))
      .where(eq(deals.orgId, orgId))
      .orderBy(asc(deals.externalId));

  it("stores deals and stage events and derives each deal's outcome from its history", async () => {
    expect(await ingestBatch(testDb.db, orgId, "deals", dealBatch)).toEqual({ received: 5, created: 5, updated: 0, unchanged: 0, failed: [] });
    expect(await ingestBatch(testDb.db, orgId, "stage-events", stageEventBatch)).toEqual({ received: 9, created: 9, updated: 0, unchanged: 0, failed: [] });
    expect(await dealRows()).toEqual([
      { externalId: "D1", status: "won", wonAt: new Date("2026-03-10T12:00:00Z"), lostAt: null, stage: "S-con", amount: 1000 },
      { externalId: "D2", status: "lost", wonAt: null, lostAt: new Date("2026-03-08T09:00:00Z"), stage: "S-lost", amount: 1000 },
      { externalId: "D3", status: "won", wonAt: new Date("2026-03-06T10:00:00Z"), lostAt: null, stage: "S-del", amount: 1000 },
      { externalId: "D4", status: "open", wonAt: null, lostAt: null, stage: "S-neg", amount: 1000 },
      { externalId: "D5", status: "lost", wonAt: null, lostAt: new Date("2026-03-12T12:00:00Z"), stage: "S-lost", amount: 1000 },
    ]);
    const sources = await testDb.db.select().from(dataSources).where(eq(dataSources.orgId, orgId));
    expect(sources.map((s) => s.kind)).toEqual(["api"]);
  });

  it("changes nothing when the same batches come again, and updates a changed record", async () => {
    const snapshot = async () => ({
      deals: (await testDb.db.select().from(deals).where(eq(deals.orgId, orgId)).orderBy(asc(deals.id))).map(({ importedAt: _, ...rest }) => rest),
      events: await testDb.db.select().from(dealStageEvents).where(eq(dealStageEvents.orgId, orgId)).orderBy(asc(dealStageEvents.id)),
      stages: await testDb.db.select().from(stages).where(eq(stages.orgId, orgId)).orderBy(asc(stages.id)),
    });
    const before = await snapshot();
    expect(await ingestBatch(testDb.db, orgId, "deals", dealBatch)).toEqual({ received: 5, created: 0, updated: 0, unchanged: 5, failed: [] });
    expect(await ingestBatch(testDb.db, orgId, "stage-events", stageEventBatch)).toMatchObject({ created: 0, updated: 0, unchanged: 9 });
    expect(await snapshot()).toEqual(before);

    // A record whose stage lags behind its history changes nothing either: the history names the current stage.
    const stale = dealBatch.map((d) => (d.externalId === "D3" ? { ...d, stage: stage.contract } : d));
    expect(await ingestBatch(testDb.db, orgId, "deals", stale)).toMatchObject({ created: 0, updated: 0, unchanged: 5 });
    expect(await snapshot()).toEqual(before);

    const changed = dealBatch.map((d) => (d.externalId === "D4" ? { ...d, amount: 1500 } : d));
    expect(await ingestBatch(testDb.db, orgId, "deals", changed)).toMatchObject({ created: 0, updated: 1, unchanged: 4 });
    expect((await dealRows()).find((d) => d.externalId === "D4")).toMatchObject({ amount: 1500, status: "open" });
  });

  it("reports malformed records by index and path and stores the others", async () => {
    const batch = [
      { ...dealBatch[0], externalId: "D10" },
      { ...dealBatch[0], externalId: "D11", createdAt: "yesterday", currency: "EURO" },
      { ...dealBatch[0], externalId: "D12", pipeline: { externalId: "P1" } },
      { ...dealBatch[0], externalId: "D13" },
    ];
    const result = await ingestBatch(testDb.db, orgId, "deals", batch);
    expect(result).toMatchObject({ received: 4, created: 2, updated: 0, unchanged: 0 });
    expect(result.failed).toEqual([
      {
        index: 1,
        externalId: "D11",
        errors: [
          { path: "currency", message: "apiKeys.record.currency" },
          { path: "createdAt", message: "apiKeys.record.dateTime" },
        ],
      },
      { index: 2, externalId: "D12", errors: [{ path: "pipeline.name", message: "apiKeys.record.required" }] },
    ]);
  });

  it("refuses stage events of unknown deals and duplicates within a batch", async () => {
    const result = await ingestBatch(testDb.db, orgId, "stage-events", [
      { externalId: "E20", dealExternalId: "nope", toStage: stage.inquiry, at: "2026-03-02T09:00:00Z" },
      { externalId: "E21", dealExternalId: "D1", toStage: stage.contract, at: "2026-03-02T09:00:00Z" },
      { externalId: "E21", dealExternalId: "D1", toStage: stage.contract, at: "2026-03-03T09:00:00Z" },
    ]);
    expect(result).toMatchObject({ received: 3, created: 1, updated: 0, unchanged: 0 });
    expect(result.failed).toEqual([
      { index: 0, externalId: "E20", errors: [{ path: "dealExternalId", message: "apiKeys.record.unknownDeal" }] },
      { index: 1, externalId: "E21", errors: [{ path: "", message: "apiKeys.record.duplicate" }] },
    ]);
    // D1 now has history: it was won when it entered the contract stage.
    expect((await dealRows()).find((d) => d.externalId === "D1")).toMatchObject({ status: "won", wonAt: new Date("2026-03-03T09:00:00Z") });
  });

  it("stores activities, spend and quotas", async () => {
    const activity = { externalId: "A1", type: "call", direction: "outbound", dealExternalId: "D1", rep: { externalId: "R1", name: "Olena" }, createdAt: "2026-03-03T10:00:00+02:00", durationSeconds: 300 };
    expect(await ingestBatch(testDb.db, orgId, "activities", [activity, { ...activity, externalId: "A2", type: "fax" }])).toMatchObject({
      created: 1,
      failed: [{ index: 1, externalId: "A2", errors: [{ path: "type", message: "apiKeys.record.oneOf" }] }],
    });
    expect(await ingestBatch(testDb.db, orgId, "activities", [activity])).toMatchObject({ created: 0, updated: 0, unchanged: 1 });

    const spend = [
      { channel: { externalId: "C1", name: "Website" }, day: "2026-03-01", spend: 120.5, sessions: 300 },
      { channel: { externalId: "C2", name: "Ads" }, day: "2026-03-01", spend: 80 },
    ];
    expect(await ingestBatch(testDb.db, orgId, "spend", spend)).toMatchObject({ created: 2, updated: 0 });
    expect(await ingestBatch(testDb.db, orgId, "spend", [{ ...spend[0], sessions: undefined, spend: 130 }])).toMatchObject({ created: 0, updated: 1 });
    const days = await testDb.db.select({ spend: marketingDaily.spend, sessions: marketingDaily.sessions }).from(marketingDaily).where(eq(marketingDaily.orgId, orgId)).orderBy(asc(marketingDaily.spend));
    expect(days).toEqual([{ spend: 80, sessions: 0 }, { spend: 130, sessions: 300 }]);

    const quota = { metric: "revenue_won", scope: "rep", repExternalId: "R1", periodKind: "month", periodStart: "2026-03-01", target: 50000 };
    expect(await ingestBatch(testDb.db, orgId, "quotas", [quota, { ...quota, repExternalId: "R9" }, { ...quota, scope: "org", repExternalId: undefined }])).toMatchObject({
      created: 2,
      failed: [{ index: 1, externalId: null, errors: [{ path: "repExternalId", message: "apiKeys.record.unknownRep" }] }],
    });
    expect(await ingestBatch(testDb.db, orgId, "quotas", [{ ...quota, target: 60000 }])).toMatchObject({ created: 0, updated: 1 });
    expect((await testDb.db.select().from(quotas).where(eq(quotas.orgId, orgId))).map((q) => q.target).sort()).toEqual([50000, 60000]);
    expect(await testDb.db.$count(activities, eq(activities.orgId, orgId))).toBe(1);
  });

  it("takes a demo as an activity type", async () => {
    const demo = { externalId: "A3", type: "demo", dealExternalId: "D1", createdAt: "2026-03-02T10:00:00Z", completedAt: "2026-03-04T10:00:00Z", meetingHeld: true };
    expect(await ingestBatch(testDb.db, orgId, "activities", [demo])).toMatchObject({ created: 1, failed: [] });
    const [stored] = await testDb.db.select({ type: activities.type, meetingHeld: activities.meetingHeld }).from(activities).where(eq(activities.externalId, "A3"));
    expect(stored).toEqual({ type: "demo", meetingHeld: true });
  });

  it("refuses more than 5,000 records and unknown kinds", async () => {
    await expect(ingestBatch(testDb.db, orgId, "deals", new Array(5001).fill({}))).rejects.toMatchObject({ kind: "invalid", messageKey: "apiKeys.ingest.tooMany" });
    await expect(ingestBatch(testDb.db, orgId, "toString", [])).rejects.toMatchObject({ kind: "not_found" });
  });
});

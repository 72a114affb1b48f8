import { TRPCError } from "@trpc/server";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { channels, dealStageEvents, deals, lossReasons, memberships, organizations, pipelines, stages, users, type FunnelStep } from "@/db/schema";
import type { Db } from "@/db/client";
import { createCaller } from "@/server/trpc/root";
import { createTestDatabase } from "@/test/db";
import { savePipelineStages } from "./save-pipeline-mapping";

/** An organization with one pipeline of three unmapped stages, a channel and a loss reason. */
async function createOrg(db: Db, slug: string, stageNames: string[]) {
  const [org] = await db.insert(organizations).values({ name: slug, slug }).returning();
  const orgId = org!.id;
  const [pipeline] = await db.insert(pipelines).values({ orgId, name: "Sales" }).returning();
  const stageRows = await db
    .insert(stages)
    .values(stageNames.map((name, position) => ({ orgId, pipelineId: pipeline!.id, name, position })))
    .returning();
  const [channel] = await db.insert(channels).values({ orgId, name: "Website" }).returning();
  const [reason] = await db.insert(lossReasons).values({ orgId, name: "Price" }).returning();
  return { orgId, pipelineId: pipeline!.id, stageIds: stageRows.map((s) => s.id), channelId: channel!.id, lossReasonId: reason!.id };
}

async function rejection(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

describe("pipeline mapping", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let acme: Awaited<ReturnType<typeof createOrg>>;
  let rival: Awaited<ReturnType<typeof createOrg>>;
  let owner: ReturnType<typeof createCaller>;
  let manager: ReturnType<typeof createCaller>;

  const stageRows = () =>
    testDb.db
      .select({ id: stages.id, name: stages.name, position: stages.position, funnelStep: stages.funnelStep, winProbability: stages.winProbability })
      .from(stages)
      .where(eq(stages.orgId, acme.orgId))
      .orderBy(asc(stages.position));

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const { db } = testDb;
    acme = await createOrg(db, "acme", ["Новая заявка", "КП отправлено", "Договор подписан"]);
    rival = await createOrg(db, "rival", ["Lead", "Won"]);
    const [acmeOwner, acmeManager] = await db.insert(users).values([{ email: "owner@acme.test" }, { email: "manager@acme.test" }]).returning();
    await db.insert(memberships).values([
      { orgId: acme.orgId, userId: acmeOwner!.id, role: "owner" },
      { orgId: acme.orgId, userId: acmeManager!.id, role: "manager" },
    ]);
    owner = createCaller({ db, userId: acmeOwner!.id, locale: "en" });
    manager = createCaller({ db, userId: acmeManager!.id, locale: "en" });
  });
  afterAll(() => testDb.drop());

  it("lists pipelines with their stages in order and a suggested step for each", async () => {
    const configuration = await owner.pipeline.configuration({ orgSlug: "acme" });
    expect(configuration.canManage).toBe(true);
    expect(configuration.pipelines[0]!.stages.map((s) => [s.name, s.funnelStep, s.suggestedStep])).toEqual([
      ["Новая заявка", null, "lead"],
      ["КП отправлено", null, "proposal"],
      ["Договор подписан", null, "won"],
    ]);
    expect(configuration.channels).toEqual([{ id: acme.channelId, name: "Website", providedByCompany: true }]);
  });

  it("saves steps and probabilities and reorders the stages", async () => {
    const [lead, proposal, won] = acme.stageIds as [number, number, number];
    await owner.pipeline.saveStages({
      orgSlug: "acme",
      pipelineId: acme.pipelineId,
      stages: [
        { id: proposal, funnelStep: "proposal", winProbability: 0.45 },
        { id: lead, funnelStep: "lead", winProbability: 0.05 },
        { id: won, funnelStep: "won", winProbability: 1 },
      ],
    });
    expect(await stageRows()).toEqual([
      { id: proposal, name: "КП отправлено", position: 0, funnelStep: "proposal", winProbability: 0.45 },
      { id: lead, name: "Новая заявка", position: 1, funnelStep: "lead", winProbability: 0.05 },
      { id: won, name: "Договор подписан", position: 2, funnelStep: "won", winProbability: 1 },
    ]);
  });

  it("refuses another organization's stage id with NOT_FOUND and writes nothing", async () => {
    const before = await stageRows();
    const [lead, proposal] = acme.stageIds as [number, number, number];
    const error = await rejection(
      owner.pipeline.saveStages({
        orgSlug: "acme",
        pipelineId: acme.pipelineId,
        stages: [
          { id: lead, funnelStep: "qualified", winProbability: 0.2 },
          { id: proposal, funnelStep: null, winProbability: null },
          { id: rival.stageIds[1]!, funnelStep: "won", winProbability: 1 },
        ],
      }),
    );
    expect(error.code).toBe("NOT_FOUND");
    expect(await stageRows()).toEqual(before);
  });

  it("refuses another organization's pipeline with NOT_FOUND", async () => {
    const error = await rejection(owner.pipeline.saveStages({ orgSlug: "acme", pipelineId: rival.pipelineId, stages: [] }));
    expect(error.code).toBe("NOT_FOUND");
  });

  it("refuses a list that leaves a stage out, and probabilities outside 0..1", async () => {
    const before = await stageRows();
    const [lead, proposal, won] = acme.stageIds as [number, number, number];
    const partial = owner.pipeline.saveStages({ orgSlug: "acme", pipelineId: acme.pipelineId, stages: [{ id: lead, funnelStep: "lead", winProbability: 0 }] });
    expect((await rejection(partial)).code).toBe("BAD_REQUEST");
    const tooLikely = owner.pipeline.saveStages({
      orgSlug: "acme",
      pipelineId: acme.pipelineId,
      stages: [
        { id: lead, funnelStep: "lead", winProbability: 1.5 },
        { id: proposal, funnelStep: "proposal", winProbability: 0.5 },
        { id: won, funnelStep: "won", winProbability: 1 },
      ],
    });
    expect((await rejection(tooLikely)).code).toBe("BAD_REQUEST");
    expect(await stageRows()).toEqual(before);
  });

  it("marks channels and loss reasons, and refuses another organization's ids without writing", async () => {
    await owner.pipeline.saveMarks({
      orgSlug: "acme",
      channels: [{ id: acme.channelId, providedByCompany: false }],
      lossReasons: [{ id: acme.lossReasonId, winnable: true }],
    });
    const foreign = owner.pipeline.saveMarks({
      orgSlug: "acme",
      channels: [{ id: acme.channelId, providedByCompany: true }],
      lossReasons: [{ id: rival.lossReasonId, winnable: false }],
    });
    expect((await rejection(foreign)).code).toBe("NOT_FOUND");
    const configuration = await owner.pipeline.configuration({ orgSlug: "acme" });
    expect(configuration.channels[0]!.providedByCompany).toBe(false);
    expect(configuration.lossReasons[0]!.winnable).toBe(true);
    const [rivalReason] = await testDb.db.select().from(lossReasons).where(eq(lossReasons.id, rival.lossReasonId));
    expect(rivalReason!.winnable).toBe(false);
  });

  it("lets a manager read the mapping but not change it", async () => {
    expect((await manager.pipeline.configuration({ orgSlug: "acme" })).canManage).toBe(false);
    const error = await rejection(manager.pipeline.saveMarks({ orgSlug: "acme", channels: [], lossReasons: [] }));
    expect(error.code).toBe("FORBIDDEN");
  });
});

describe("a mapping change", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  afterAll(() => testDb.drop());

  it("recomputes the outcome of the deals whose history passes through the pipeline", async () => {
    testDb = await createTestDatabase();
    const { db } = testDb;
    const org = await createOrg(db, "remap", ["Inquiry", "Signed", "Gone"]);
    const [inquiry, signed, gone] = org.stageIds as [number, number, number];
    const [deal] = await db
      .insert(deals)
      .values({ orgId: org.orgId, pipelineId: org.pipelineId, stageId: signed, status: "open", createdAt: new Date("2026-03-01T09:00:00Z") })
      .returning();
    await db.insert(dealStageEvents).values([
      { orgId: org.orgId, dealId: deal!.id, toStageId: inquiry, at: new Date("2026-03-01T09:00:00Z") },
      { orgId: org.orgId, dealId: deal!.id, fromStageId: inquiry, toStageId: signed, at: new Date("2026-03-10T12:00:00Z") },
    ]);
    const saveSteps = (steps: [FunnelStep | null, FunnelStep | null, FunnelStep | null]) =>
      savePipelineStages(db, org.orgId, org.pipelineId, [inquiry, signed, gone].map((id, i) => ({ id, funnelStep: steps[i]!, winProbability: null })));
    const outcome = async () =>
      (await db.select({ status: deals.status, wonAt: deals.wonAt, lostAt: deals.lostAt }).from(deals).where(eq(deals.id, deal!.id)))[0];

    await saveSteps(["lead", "won", "lost"]);
    expect(await outcome()).toEqual({ status: "won", wonAt: new Date("2026-03-10T12:00:00Z"), lostAt: null });

    await saveSteps(["lead", "negotiation", "lost"]);
    expect(await outcome()).toEqual({ status: "open", wonAt: null, lostAt: null });
  });
});

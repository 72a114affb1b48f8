import { and, eq, inArray } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { channels, dealStageEvents, deals, lossReasons, pipelines, stages, type FunnelStep } from "@/db/schema";
import { recomputeDealOutcomes } from "@/server/deals/recompute-deal-outcomes";
import { invalid, notFound } from "@/server/errors";

/** One stage's mapping; the stages' order in the list is their new order. */
export type StageMapping = { id: number; funnelStep: FunnelStep | null; winProbability: number | null };

/**
 * Saves a pipeline's stages (step, probability, order) in one transaction. The pipeline and every stage are loaded
 * by (orgId, id): a pipeline or stage of another organization, or a stage of another pipeline, is not found and
 * nothing changes. The list must hold each of the pipeline's stages once.
 */
export async function savePipelineStages(db: Db, orgId: string, pipelineId: number, mapping: StageMapping[]): Promise<void> {
  await db.transaction(async (tx) => {
    const [pipeline] = await tx
      .select({ id: pipelines.id })
      .from(pipelines)
      .where(and(eq(pipelines.orgId, orgId), eq(pipelines.id, pipelineId)))
      .for("update");
    if (!pipeline) throw notFound();
    const current = await tx
      .select({ id: stages.id })
      .from(stages)
      .where(and(eq(stages.orgId, orgId), eq(stages.pipelineId, pipelineId)));
    const known = new Set(current.map((stage) => stage.id));
    if (mapping.some((stage) => !known.has(stage.id))) throw notFound();
    if (new Set(mapping.map((stage) => stage.id)).size !== known.size || mapping.length !== known.size) {
      throw invalid({}, "settings.pipeline.errors.stageList");
    }
    for (const [position, stage] of mapping.entries()) {
      await tx
        .update(stages)
        .set({ position, funnelStep: stage.funnelStep, winProbability: stage.winProbability })
        .where(and(eq(stages.orgId, orgId), eq(stages.id, stage.id)));
    }
    // A deal's status and won/lost moments follow from which steps its stages map to, so they change with the mapping.
    await recomputeDealOutcomes(tx, orgId, await dealsTouchingPipeline(tx, orgId, pipelineId));
  });
}

/** Deals in the pipeline, and deals elsewhere whose history passed through its stages. */
async function dealsTouchingPipeline(tx: Tx, orgId: string, pipelineId: number): Promise<{ id: number }[]> {
  const inPipeline = tx.select({ id: deals.id }).from(deals).where(and(eq(deals.orgId, orgId), eq(deals.pipelineId, pipelineId)));
  const passedThrough = tx
    .selectDistinct({ id: dealStageEvents.dealId })
    .from(dealStageEvents)
    .innerJoin(stages, and(eq(stages.orgId, dealStageEvents.orgId), eq(stages.id, dealStageEvents.toStageId)))
    .where(and(eq(dealStageEvents.orgId, orgId), eq(stages.pipelineId, pipelineId)));
  return inPipeline.union(passedThrough);
}

export type ChannelAndLossReasonMarks = {
  channels: { id: number; providedByCompany: boolean }[];
  lossReasons: { id: number; winnable: boolean }[];
};

/** Loads ids by (orgId, id) and throws not found when any of them is not this organization's. */
async function assertOwned(tx: Tx, table: typeof channels | typeof lossReasons, orgId: string, ids: number[]) {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return;
  const found = await tx
    .select({ id: table.id })
    .from(table)
    .where(and(eq(table.orgId, orgId), inArray(table.id, unique)));
  if (found.length !== unique.length) throw notFound();
}

/** Marks channels company-provided or self-sourced and loss reasons winnable, in one transaction. */
export async function saveChannelAndLossReasonMarks(db: Db, orgId: string, marks: ChannelAndLossReasonMarks): Promise<void> {
  await db.transaction(async (tx) => {
    await assertOwned(tx, channels, orgId, marks.channels.map((c) => c.id));
    await assertOwned(tx, lossReasons, orgId, marks.lossReasons.map((r) => r.id));
    for (const channel of marks.channels) {
      await tx
        .update(channels)
        .set({ providedByCompany: channel.providedByCompany })
        .where(and(eq(channels.orgId, orgId), eq(channels.id, channel.id)));
    }
    for (const reason of marks.lossReasons) {
      await tx
        .update(lossReasons)
        .set({ winnable: reason.winnable })
        .where(and(eq(lossReasons.orgId, orgId), eq(lossReasons.id, reason.id)));
    }
  });
}

import { and, eq, inArray } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { channels, lossReasons, pipelines, stages, type FunnelStep } from "@/db/schema";
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
  });
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

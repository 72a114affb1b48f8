import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { deals, stages, type FunnelStep } from "@/db/schema";
import { recomputeDealOutcomes } from "@/server/deals/recompute-deal-outcomes";
import { upsertNamedRefs, upsertStages } from "@/server/ingest/dimensions";
import { loadCrmSource } from "./source-connection";

export type SourceMapping = {
  pipelines: {
    externalId: string;
    name: string;
    /** In the order they should appear; probability 0–100. */
    stages: { externalId: string; name: string; step: FunnelStep | null; probability: number | null }[];
  }[];
};

/**
 * Stores the CRM's pipelines and stages under the source with the chosen steps, order and probabilities (the
 * pipeline mapping page shows and edits them afterwards); the first sync then files deals into these stages.
 * Saving again (after a sync) recomputes the outcomes of the pipelines' deals, as the mapping page does.
 */
export async function saveSourceMapping(db: Db, orgId: string, sourceId: number, mapping: SourceMapping): Promise<void> {
  await loadCrmSource(db, orgId, sourceId);
  const scope = { orgId, sourceId };
  await db.transaction(async (tx) => {
    const pipelineIds = await upsertNamedRefs(tx, scope, "pipelines", mapping.pipelines);
    const all = mapping.pipelines.flatMap((pipeline) => pipeline.stages.map((stage) => ({ stage, pipelineId: pipelineIds.get(pipeline.externalId)! })));
    const stageIds = await upsertStages(tx, scope, all.map(({ stage, pipelineId }) => ({ stage: { externalId: stage.externalId, name: stage.name }, pipelineId })));
    for (const pipeline of mapping.pipelines) {
      for (const [position, stage] of pipeline.stages.entries()) {
        await tx
          .update(stages)
          .set({ position, funnelStep: stage.step, winProbability: stage.probability === null ? null : stage.probability / 100 })
          .where(and(eq(stages.orgId, orgId), eq(stages.id, stageIds.get(stage.externalId)!)));
      }
    }
    const affected = await tx
      .select({ id: deals.id })
      .from(deals)
      .where(and(eq(deals.orgId, orgId), inArray(deals.pipelineId, [...pipelineIds.values()])));
    if (affected.length) await recomputeDealOutcomes(tx, orgId, affected);
  });
}

import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { channels, lossReasons, pipelines, stages, type FunnelStep } from "@/db/schema";
import { suggestStageStep } from "./suggest-stage-mapping";

export type StageConfiguration = {
  id: number;
  name: string;
  funnelStep: FunnelStep | null;
  /** 0..1, or null when not set. */
  winProbability: number | null;
  /** What the stage's name suggests (EN/RU/UK), for the page's "suggest mapping". */
  suggestedStep: FunnelStep | null;
};
export type PipelineConfiguration = { id: number; name: string; stages: StageConfiguration[] };
export type ChannelMark = { id: number; name: string; providedByCompany: boolean };
export type LossReasonMark = { id: number; name: string; winnable: boolean };

/** Every pipeline with its stages in order, the channels and the loss reasons, as the configuration page edits them. */
export async function loadPipelineConfiguration(
  db: Db,
  orgId: string,
): Promise<{ pipelines: PipelineConfiguration[]; channels: ChannelMark[]; lossReasons: LossReasonMark[] }> {
  const [pipelineRows, stageRows, channelRows, lossReasonRows] = await Promise.all([
    db
      .select({ id: pipelines.id, name: pipelines.name })
      .from(pipelines)
      .where(eq(pipelines.orgId, orgId))
      .orderBy(asc(pipelines.position), asc(pipelines.id)),
    db
      .select({
        id: stages.id,
        pipelineId: stages.pipelineId,
        name: stages.name,
        funnelStep: stages.funnelStep,
        winProbability: stages.winProbability,
      })
      .from(stages)
      .where(eq(stages.orgId, orgId))
      .orderBy(asc(stages.position), asc(stages.id)),
    db
      .select({ id: channels.id, name: channels.name, providedByCompany: channels.providedByCompany })
      .from(channels)
      .where(eq(channels.orgId, orgId))
      .orderBy(asc(channels.name)),
    db
      .select({ id: lossReasons.id, name: lossReasons.name, winnable: lossReasons.winnable })
      .from(lossReasons)
      .where(eq(lossReasons.orgId, orgId))
      .orderBy(asc(lossReasons.name)),
  ]);
  return {
    pipelines: pipelineRows.map((pipeline) => ({
      ...pipeline,
      stages: stageRows
        .filter((stage) => stage.pipelineId === pipeline.id)
        .map(({ id, name, funnelStep, winProbability }) => ({ id, name, funnelStep, winProbability, suggestedStep: suggestStageStep(name) })),
    })),
    channels: channelRows,
    lossReasons: lossReasonRows,
  };
}

import type { CrmPipeline } from "@/server/sources/connector";
import { outcomeStage } from "./outcome-stages";
import type { PdPipeline, PdStage } from "./pipedrive-api";

/** Pipelines with their stages in Pipedrive's order, each followed by its synthetic Won and Lost stages. */
export function mapPipelines(pipelines: PdPipeline[], stages: PdStage[]): CrmPipeline[] {
  return [...pipelines]
    .sort((a, b) => (a.order_nr ?? 0) - (b.order_nr ?? 0) || a.id - b.id)
    .map((pipeline) => {
      const own = stages.filter((s) => s.pipeline_id === pipeline.id).sort((a, b) => a.order_nr - b.order_nr || a.id - b.id);
      const won = outcomeStage(pipeline.id, "won");
      const lost = outcomeStage(pipeline.id, "lost");
      return {
        externalId: String(pipeline.id),
        name: pipeline.name,
        stages: [
          ...own.map((stage, position) => ({
            externalId: String(stage.id),
            name: stage.name,
            position,
            probability: stage.deal_probability ?? undefined,
            outcome: "open" as const,
          })),
          { externalId: won.externalId, name: won.name, position: own.length, probability: 100, outcome: "won" as const },
          { externalId: lost.externalId, name: lost.name, position: own.length + 1, probability: 0, outcome: "lost" as const },
        ],
      };
    });
}

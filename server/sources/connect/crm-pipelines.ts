import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { stages, type FunnelStep } from "@/db/schema";
import { suggestStageStep } from "@/server/settings/suggest-stage-mapping";
import type { CrmPipeline } from "@/server/sources/connector";
import { connectors, type ConnectorRegistry } from "@/server/sources/registry";
import { connectorOf } from "./connect-source";
import { withSourceConnector } from "./source-connection";

export type MappingStage = CrmPipeline["stages"][number] & {
  /** The step already saved for this stage, else the suggestion. */
  step: FunnelStep | null;
  suggestedStep: FunnelStep | null;
};
export type MappingPipeline = { externalId: string; name: string; stages: MappingStage[] };

/** The CRM's pipelines and stages as the wizard's mapping step shows them, each stage with a suggested funnel step. */
export async function crmPipelinesForMapping(db: Db, orgId: string, sourceId: number, registry: ConnectorRegistry = connectors): Promise<MappingPipeline[]> {
  const pipelines = await withSourceConnector(db, orgId, sourceId, (ctx, kind) => connectorOf(kind, registry).listPipelines(ctx), registry);
  const saved = await db
    .select({ externalId: stages.externalId, funnelStep: stages.funnelStep })
    .from(stages)
    .where(and(eq(stages.orgId, orgId), eq(stages.sourceId, sourceId)));
  const savedStep = new Map(saved.map((s) => [s.externalId, s.funnelStep]));
  return pipelines.map((pipeline) => ({
    externalId: pipeline.externalId,
    name: pipeline.name,
    stages: pipeline.stages.map((stage) => {
      const suggestedStep = suggestStageStep(stage.name, stage.outcome);
      return { ...stage, suggestedStep, step: savedStep.has(stage.externalId) ? (savedStep.get(stage.externalId) ?? null) : suggestedStep };
    }),
  }));
}

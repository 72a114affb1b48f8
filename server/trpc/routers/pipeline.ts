import { z } from "zod";
import { funnelSteps } from "@/db/schema";
import { loadPipelineConfiguration } from "@/server/settings/pipeline-configuration";
import { saveChannelAndLossReasonMarks, savePipelineStages } from "@/server/settings/save-pipeline-mapping";
import { can } from "@/server/tenancy/permissions";
import { orgProcedure, router } from "../init";

const ZRowId = z.number("errors.field.invalid").int("errors.field.invalid").positive("errors.field.invalid");

const ZStageMapping = z.object({
  id: ZRowId,
  funnelStep: z.enum(funnelSteps, "errors.field.invalid").nullable(),
  winProbability: z.number("errors.field.invalid").min(0, "settings.pipeline.errors.probability").max(1, "settings.pipeline.errors.probability").nullable(),
});

export const pipelineRouter = router({
  /** Pipelines with their stages, channels and loss reasons; `canManage` says whether the caller may change the mapping. */
  configuration: orgProcedure("org.view").query(async ({ ctx }) => ({
    ...(await loadPipelineConfiguration(ctx.db, ctx.org.id)),
    canManage: can(ctx.role, "data.manage", ctx.org),
    isDemo: ctx.org.isDemo,
  })),

  /** A pipeline's stages in their new order with step and win probability; the dashboard reads them on its next request. */
  saveStages: orgProcedure("data.manage")
    .input(z.object({ pipelineId: ZRowId, stages: z.array(ZStageMapping).max(200, "errors.field.invalid") }))
    .mutation(({ ctx, input }) => savePipelineStages(ctx.db, ctx.org.id, input.pipelineId, input.stages)),

  saveMarks: orgProcedure("data.manage")
    .input(
      z.object({
        channels: z.array(z.object({ id: ZRowId, providedByCompany: z.boolean() })).max(1000, "errors.field.invalid"),
        lossReasons: z.array(z.object({ id: ZRowId, winnable: z.boolean() })).max(1000, "errors.field.invalid"),
      }),
    )
    .mutation(({ ctx, input }) => saveChannelAndLossReasonMarks(ctx.db, ctx.org.id, input)),
});

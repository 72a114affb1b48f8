import { z } from "zod";
import { can } from "@/server/tenancy/permissions";
import { listRunErrors, listRuns, listSources } from "@/server/sources/list-sources";
import { disconnectSource, setSchedule, syncIntervals } from "@/server/sources/manage-sources";
import { requestSync } from "@/server/sources/request-sync";
import { orgProcedure, router } from "../init";

const ZId = z.number("errors.field.invalid").int("errors.field.invalid").positive("errors.field.invalid");

/**
 * Data sources under Settings. Every member may read them (where the dashboards' numbers come from and how fresh
 * they are); syncing, scheduling and disconnecting need data.manage, like API keys and imports.
 */
export const sourcesRouter = router({
  list: orgProcedure("org.view").query(async ({ ctx }) => ({
    canManage: can(ctx.role, "data.manage", ctx.org),
    sources: await listSources(ctx.db, ctx.org.id),
  })),

  runs: orgProcedure("org.view")
    .input(z.object({ sourceId: ZId }))
    .query(({ ctx, input }) => listRuns(ctx.db, ctx.org.id, input.sourceId)),

  runErrors: orgProcedure("org.view")
    .input(z.object({ runId: ZId }))
    .query(({ ctx, input }) => listRunErrors(ctx.db, ctx.org.id, input.runId)),

  syncNow: orgProcedure("data.manage")
    .input(z.object({ sourceId: ZId }))
    .mutation(async ({ ctx, input }) => {
      const run = await requestSync(ctx.db, ctx.org.id, input.sourceId, "manual");
      return { runId: run.id, status: run.status };
    }),

  setSchedule: orgProcedure("data.manage")
    .input(z.object({ sourceId: ZId, intervalMinutes: z.union([z.literal(syncIntervals), z.null()], "errors.field.invalid") }))
    .mutation(({ ctx, input }) => setSchedule(ctx.db, ctx.org.id, input.sourceId, input.intervalMinutes)),

  disconnect: orgProcedure("data.manage")
    .input(z.object({ sourceId: ZId }))
    .mutation(({ ctx, input }) => disconnectSource(ctx.db, ctx.org.id, input.sourceId)),
});

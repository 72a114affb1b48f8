import { z } from "zod";
import { ZPeriodInput } from "@/lib/periods";
import { loadAgencyAccess, revokeAgencyAccess } from "@/server/agency/agency-access";
import { agencyBenchmark } from "@/server/agency/benchmark";
import { agencyOverview } from "@/server/agency/overview";
import { listAgencyTemplates, saveTemplatesFromClient } from "@/server/agency/templates";
import { metricIds } from "@/server/kpi/catalog";
import { forbidden } from "@/server/errors";
import { orgProcedure, router } from "../init";

const agencyOnly = (kind: string) => {
  if (kind !== "agency") throw forbidden("org.clients.notAgency");
};

const ZMetricIds = z.array(z.enum(metricIds as [string, ...string[]], "errors.field.invalid")).min(1, "errors.field.required").max(20, "errors.field.tooLong");

/**
 * The agency workspace. The org in the URL is the agency (overview, templates) or one client (access, revoke,
 * benchmark); each procedure says which.
 */
export const agencyRouter = router({
  /** Agency: every client in one table for a period. */
  overview: orgProcedure("clients.manage")
    .input(ZPeriodInput)
    .query(({ ctx, input }) => {
      agencyOnly(ctx.org.kind);
      return agencyOverview(ctx.db, ctx.org, input, new Date());
    }),

  /** Agency: its templates, where and when each was saved. */
  templates: orgProcedure("clients.manage").query(({ ctx }) => {
    agencyOnly(ctx.org.kind);
    return listAgencyTemplates(ctx.db, ctx.org);
  }),

  /** Agency: saves one of its clients' setup as its templates. */
  saveTemplates: orgProcedure("clients.manage")
    .input(z.object({ clientSlug: z.string().min(1).max(64) }))
    .mutation(({ ctx, input }) => {
      agencyOnly(ctx.org.kind);
      return saveTemplatesFromClient(ctx.db, ctx.org, input.clientSlug, new Date());
    }),

  /** Client: which agency reaches it, and whether the caller may revoke that. */
  access: orgProcedure("org.manage").query(({ ctx }) => loadAgencyAccess(ctx.db, ctx.org, ctx)),

  /** Client: its own owner or admin takes the agency's access away. */
  revoke: orgProcedure("org.manage").mutation(({ ctx }) => revokeAgencyAccess(ctx.db, ctx.org, ctx)),

  /** Client, seen by the agency: each metric's quartiles across the agency's other clients. */
  benchmark: orgProcedure("org.view")
    .input(z.object({ metrics: ZMetricIds, period: ZPeriodInput }))
    .query(({ ctx, input }) => agencyBenchmark(ctx.db, ctx.org, ctx, input.metrics, input.period, new Date())),
});

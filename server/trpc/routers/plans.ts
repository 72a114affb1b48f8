import { getPlanGrid } from "@/server/plans/plan-grid";
import { ZPlanGridQuery, ZSavePlanCells } from "@/server/plans/plan-input";
import { planMetricOption, planMetricOptions } from "@/server/plans/plan-metric-options";
import { savePlanCells } from "@/server/plans/save-plan-cells";
import { can } from "@/server/tenancy/permissions";
import { orgProcedure, router } from "../init";

export const plansRouter = router({
  /** The plan grid for everyone in the org; `canEdit` says whether the caller may change it (never in the demo). */
  grid: orgProcedure("org.view")
    .input(ZPlanGridQuery)
    .query(async ({ ctx, input }) => ({
      metric: await planMetricOption(ctx.db, ctx.org.id, input.metric),
      metricOptions: await planMetricOptions(ctx.db, ctx.org.id),
      grid: await getPlanGrid(ctx.db, ctx.org.id, input),
      canEdit: can(ctx.role, "plans.manage", ctx.org),
      currency: ctx.org.currency,
      isDemo: ctx.org.isDemo,
    })),

  save: orgProcedure("plans.manage")
    .input(ZSavePlanCells)
    .mutation(async ({ ctx, input: { orgSlug: _slug, ...cells } }) => {
      await planMetricOption(ctx.db, ctx.org.id, cells.metric);
      await savePlanCells(ctx.db, ctx.org.id, cells);
    }),
});

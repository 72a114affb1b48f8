import { z } from "zod";
import { ZCustomMetricFields, ZCustomMetricId, ZCustomMetricValue, ZValueGridQuery } from "@/server/custom-metrics/custom-metric-input";
import { createCustomMetric, deleteCustomMetric, getCustomMetric, listCustomMetrics, updateCustomMetric } from "@/server/custom-metrics/custom-metrics";
import { saveCustomMetricValues } from "@/server/custom-metrics/save-values";
import { getValueGrid } from "@/server/custom-metrics/value-grid";
import { can } from "@/server/tenancy/permissions";
import { orgProcedure, router } from "../init";

export const customMetricsRouter = router({
  list: orgProcedure("org.view").query(({ ctx }) => listCustomMetrics(ctx.db, ctx.org.id)),

  create: orgProcedure("data.manage")
    .input(ZCustomMetricFields)
    .mutation(({ ctx, input: { orgSlug: _slug, ...fields } }) => createCustomMetric(ctx.db, ctx.org.id, fields)),

  update: orgProcedure("data.manage")
    .input(ZCustomMetricFields.extend({ metricId: ZCustomMetricId }))
    .mutation(({ ctx, input: { orgSlug: _slug, metricId, ...fields } }) => updateCustomMetric(ctx.db, ctx.org.id, metricId, fields)),

  remove: orgProcedure("data.manage")
    .input(z.object({ metricId: ZCustomMetricId }))
    .mutation(({ ctx, input }) => deleteCustomMetric(ctx.db, ctx.org.id, input.metricId)),

  /** Entered values of one metric around a day; `canEdit` says whether the caller may change them. */
  values: orgProcedure("org.view")
    .input(ZValueGridQuery)
    .query(async ({ ctx, input }) => {
      const metric = await getCustomMetric(ctx.db, ctx.org.id, input.metricId);
      return {
        metric,
        grid: await getValueGrid(ctx.db, ctx.org.id, metric, input.anchor, ctx.org.weekStart),
        canEdit: can(ctx.role, "data.manage", ctx.org),
        currency: ctx.org.currency,
      };
    }),

  saveValues: orgProcedure("data.manage")
    .input(z.object({ metricId: ZCustomMetricId, cells: z.array(ZCustomMetricValue).min(1).max(2000) }))
    .mutation(async ({ ctx, input }) => {
      const metric = await getCustomMetric(ctx.db, ctx.org.id, input.metricId);
      await saveCustomMetricValues(ctx.db, ctx.org.id, metric, ctx.org.weekStart, input.cells);
    }),
});

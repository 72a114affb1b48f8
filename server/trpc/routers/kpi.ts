import { metricCatalog } from "@/server/kpi/catalog";
import { computeMetrics } from "@/server/kpi/compute";
import { ZKnownMetricRequest } from "@/server/kpi/request";
import { orgProcedure, router } from "../init";

export const kpiRouter = router({
  /** Values of catalog metrics for a period, with comparison, filters and breakdown. */
  compute: orgProcedure("org.view")
    .input(ZKnownMetricRequest)
    .query(({ ctx, input }) => computeMetrics(ctx.db, ctx.org.id, input, new Date())),

  /** The metric definitions: ids, message keys, units, directions, data needs and whether they are computed yet. */
  catalog: orgProcedure("org.view").query(() =>
    metricCatalog.map(({ id, labelKey, formulaKey, unit, durationIn, direction, needs, status }) => ({
      id, labelKey, formulaKey, unit, ...(durationIn ? { durationIn } : {}), direction, needs, status,
    })),
  ),
});

import { z } from "zod";
import { roles } from "@/db/schema";
import { listCustomMetrics } from "@/server/custom-metrics/custom-metrics";
import { engineComparison, engineFilters, ZDashboardFilters } from "@/server/dashboard/filters";
import { getRoleDashboard } from "@/server/dashboard/role-dashboard";
import { canEditDashboard, loadDashboard, resetDashboard, saveDashboard } from "@/server/dashboard/store";
import { resolveViewer } from "@/server/dashboard/viewer";
import { ZWidgets } from "@/server/dashboard/widgets";
import { listDrilldown } from "@/server/drilldown/records";
import { forbidden } from "@/server/errors";
import { metricCatalog } from "@/server/kpi/catalog";
import { breakdowns } from "@/server/kpi/request";
import { orgProcedure, router } from "../init";

const ZRole = z.enum(roles, "errors.field.invalid");

export const dashboardRouter = router({
  /** The dashboard of the caller's role, for the caller (own numbers for a linked rep), with the URL's filters. */
  view: orgProcedure("org.view")
    .input(z.object({ filters: ZDashboardFilters }))
    .query(async ({ ctx, input }) => {
      const viewer = await resolveViewer(ctx.db, ctx.org.id, ctx.userId, ctx.role);
      return getRoleDashboard(ctx.db, { orgId: ctx.org.id, isDemo: ctx.org.isDemo, role: ctx.role, viewer }, input.filters, new Date());
    }),

  /** A role's widgets for the editor, the roles the caller may edit, and the metrics a widget can show. */
  editor: orgProcedure("org.view")
    .input(z.object({ role: ZRole }))
    .query(async ({ ctx, input }) => {
      const editable = roles.filter((role) => canEditDashboard(ctx.role, role, ctx.org));
      if (!editable.includes(input.role)) throw forbidden(ctx.org.isDemo ? "errors.demoReadOnly" : "errors.forbidden");
      const custom = (await listCustomMetrics(ctx.db, ctx.org.id)).map((metric) => ({ id: metric.key, status: "computed" as const, name: metric.name }));
      const metrics = [...metricCatalog.map(({ id, status }) => ({ id, status })), ...custom];
      return { editable, metrics, dashboard: await loadDashboard(ctx.db, ctx.org.id, input.role) };
    }),

  /** Saves a role's dashboard for the organization. */
  save: orgProcedure("org.view")
    .input(z.object({ role: ZRole, widgets: ZWidgets }))
    .mutation(({ ctx, input }) => saveDashboard(ctx.db, { role: ctx.role, userId: ctx.userId, org: ctx.org }, input.role, input.widgets)),

  /** Back to the catalog's default for the role. */
  reset: orgProcedure("org.view")
    .input(z.object({ role: ZRole }))
    .mutation(({ ctx, input }) => resetDashboard(ctx.db, { role: ctx.role, userId: ctx.userId, org: ctx.org }, input.role)),

  /** The deals behind a number on the caller's dashboard (same filters; a linked rep's own deals), a page at a time. */
  drilldown: orgProcedure("org.view")
    .input(
      z.object({
        metric: z.string().min(1).max(64),
        filters: ZDashboardFilters,
        /** The comparison period's records. */
        comparison: z.boolean().optional(),
        group: z.object({ breakdown: z.enum(breakdowns), key: z.string().max(64) }).optional(),
        page: z.number().int().min(0).max(10_000).default(0),
      }),
    )
    .query(async ({ ctx, input }) => {
      const viewer = await resolveViewer(ctx.db, ctx.org.id, ctx.userId, ctx.role);
      const { filters } = input;
      return listDrilldown(
        ctx.db,
        ctx.org.id,
        {
          metric: input.metric,
          period: filters.period,
          comparison: input.comparison ? engineComparison(filters.compare) : undefined,
          filters: engineFilters(filters, viewer.scope === "rep" ? viewer.repId : undefined),
          group: input.group,
          page: input.page,
        },
        new Date(),
      );
    }),
});

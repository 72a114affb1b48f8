import { ZPeriodInput } from "@/lib/periods";
import { getHeadOfSalesDashboard } from "@/server/dashboard/head-of-sales";
import { orgProcedure, router } from "../init";

export const dashboardRouter = router({
  /** The head of sales' dashboard: tiles with comparison, funnel, revenue by month vs. plan, plan/fact per rep. */
  headOfSales: orgProcedure("org.view")
    .input(ZPeriodInput)
    .query(({ ctx, input }) => getHeadOfSalesDashboard(ctx.db, ctx.org.id, input, new Date())),
});

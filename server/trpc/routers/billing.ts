import { eq } from "drizzle-orm";
import { z } from "zod";
import { users } from "@/db/schema";
import { mailLinkOrigin } from "@/server/auth/request-origin";
import { loadBillingState } from "@/server/billing/billing-state";
import { openPortal, startCheckout } from "@/server/billing/checkout";
import { loadOverLimits } from "@/server/billing/over-limit";
import { loadBillingOverview } from "@/server/billing/overview";
import { limitKinds, paidPlanIds } from "@/server/billing/plans";
import { can } from "@/server/tenancy/permissions";
import { orgProcedure, router } from "../init";

export const billingRouter = router({
  overview: orgProcedure("billing.manage").query(({ ctx }) => loadBillingOverview(ctx.db, ctx.org)),

  /** For the banner every member sees: past due or read-only, and (for those who pay) where to fix it. */
  banner: orgProcedure("org.view").query(async ({ ctx }) => {
    const state = await loadBillingState(ctx.db, ctx.org);
    if (state.access === "full") return null;
    return {
      access: state.access,
      readOnlyReason: state.readOnlyReason,
      graceEndsAt: state.graceEndsAt,
      billingUrl: can(ctx.role, "billing.manage", ctx.org) ? state.billingUrl : null,
    };
  }),

  /** For the members and data sources pages: the plan limits the org is past (after a downgrade), with the upgrade link. */
  overLimit: orgProcedure("org.view")
    .input(z.object({ kinds: z.array(z.enum(limitKinds, "errors.field.invalid")).min(1).max(limitKinds.length) }))
    .query(({ ctx, input }) => loadOverLimits(ctx.db, ctx.org, input.kinds)),

  checkout: orgProcedure("billing.manage")
    .input(z.object({ plan: z.enum(paidPlanIds, "errors.field.invalid") }))
    .mutation(async ({ ctx, input }) => {
      const [buyer] = await ctx.db.select({ email: users.email }).from(users).where(eq(users.id, ctx.userId));
      return startCheckout(ctx.db, ctx.org, input.plan, { email: buyer?.email ?? null, origin: await mailLinkOrigin() });
    }),

  portal: orgProcedure("billing.manage").mutation(async ({ ctx }) => openPortal(ctx.db, ctx.org, await mailLinkOrigin())),
});

import { getOnboardingStatus } from "@/server/onboarding/status";
import { loadSampleData } from "@/server/onboarding/sample-data";
import { can } from "@/server/tenancy/permissions";
import { orgProcedure, router } from "../init";

export const onboardingRouter = router({
  /** The checklist: steps taken, and whether the caller may load sample data. */
  status: orgProcedure("org.view").query(async ({ ctx }) => ({
    ...(await getOnboardingStatus(ctx.db, ctx.org.id)),
    canLoadSampleData: can(ctx.role, "data.manage", ctx.org),
  })),
  loadSampleData: orgProcedure("data.manage").mutation(({ ctx }) => loadSampleData(ctx.db, ctx.org.id, new Date())),
});

import { authedProcedure, router } from "../init";
import { listAccessibleOrganizations } from "@/server/tenancy/organizations";

export const orgsRouter = router({
  /** Organizations the signed-in person can open (switcher). */
  listMine: authedProcedure.query(({ ctx }) => listAccessibleOrganizations(ctx.db, ctx.userId)),
});

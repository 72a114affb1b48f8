import { createClientOrganization, listClientOrganizations } from "@/server/tenancy/clients";
import { ZOrganizationFields } from "@/server/tenancy/organization-fields";
import { orgProcedure, router } from "../init";

/** An agency's client companies (the agency is the organization in the URL). */
export const clientsRouter = router({
  list: orgProcedure("clients.manage").query(({ ctx }) => listClientOrganizations(ctx.db, ctx.org)),

  create: orgProcedure("clients.manage")
    .input(ZOrganizationFields)
    .mutation(({ ctx, input }) => createClientOrganization(ctx.db, ctx.org, input, ctx.locale)),
});

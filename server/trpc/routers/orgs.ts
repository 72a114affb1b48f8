import { authedProcedure, orgProcedure, router } from "../init";
import { listAccessibleOrganizations } from "@/server/tenancy/organizations";
import { can } from "@/server/tenancy/permissions";

export const orgsRouter = router({
  /** Organizations the signed-in person can open (switcher). */
  listMine: authedProcedure.query(({ ctx }) => listAccessibleOrganizations(ctx.db, ctx.userId)),

  /** The organization in the URL as the caller sees it: for the shell (header, navigation). */
  current: orgProcedure("org.view").query(({ ctx }) => ({
    slug: ctx.org.slug,
    name: ctx.org.name,
    kind: ctx.org.kind,
    currency: ctx.org.currency,
    timeZone: ctx.org.timeZone,
    isDemo: ctx.org.isDemo,
    role: ctx.role,
    via: ctx.via,
    canManageMembers: can(ctx.role, "members.manage", ctx.org),
    canManageSettings: can(ctx.role, "org.manage", ctx.org),
    canManageBilling: can(ctx.role, "billing.manage", ctx.org),
    canManageClients: ctx.org.kind === "agency" && can(ctx.role, "clients.manage", ctx.org),
  })),
});

import { z } from "zod";
import { roles } from "@/db/schema";
import { mailLinkOrigin } from "@/server/auth/request-origin";
import { inviteMember, listPendingInvitations, revokeInvitation } from "@/server/tenancy/invitations";
import { changeMemberRole, listMembers, removeMember } from "@/server/tenancy/members";
import { can } from "@/server/tenancy/permissions";
import { ZEmail } from "@/server/tenancy/signup";
import { orgProcedure, router } from "../init";

const ZRole = z.enum(roles, "errors.field.invalid");
const ZUserId = z.string().min(1, "errors.field.required").max(100, "errors.field.invalid");

export const membersRouter = router({
  /** Members for everyone in the org; pending invitations and management rights only for those who manage members. */
  list: orgProcedure("org.view").query(async ({ ctx }) => {
    const canManage = can(ctx.role, "members.manage", ctx.org);
    return {
      members: await listMembers(ctx.db, ctx.org.id),
      invitations: canManage ? await listPendingInvitations(ctx.db, ctx.org.id) : null,
      canManage,
      viewer: { userId: ctx.userId, role: ctx.role },
      timeZone: ctx.org.timeZone,
    };
  }),

  invite: orgProcedure("members.manage")
    .input(z.object({ email: ZEmail, role: ZRole.exclude(["owner"], "errors.field.invalid") }))
    .mutation(async ({ ctx, input }) =>
      inviteMember(
        ctx.db,
        ctx.org.id,
        { email: input.email, role: input.role, invitedBy: ctx.userId },
        { origin: await mailLinkOrigin(), locale: ctx.locale },
      ),
    ),

  revokeInvitation: orgProcedure("members.manage")
    .input(z.object({ invitationId: z.uuid("errors.field.invalid") }))
    .mutation(({ ctx, input }) => revokeInvitation(ctx.db, ctx.org.id, input.invitationId)),

  changeRole: orgProcedure("members.manage")
    .input(z.object({ userId: ZUserId, role: ZRole }))
    .mutation(({ ctx, input }) => changeMemberRole(ctx.db, ctx.org.id, { actorRole: ctx.role, userId: input.userId, role: input.role })),

  remove: orgProcedure("members.manage")
    .input(z.object({ userId: ZUserId }))
    .mutation(({ ctx, input }) => removeMember(ctx.db, ctx.org.id, { actorRole: ctx.role, userId: input.userId })),
});

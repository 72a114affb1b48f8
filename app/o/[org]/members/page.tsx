import { getTranslations } from "next-intl/server";
import { FormAlert } from "@/components/auth/form-alert";
import { OverLimitNotice } from "@/components/billing/over-limit-notice";
import { InvitationsList } from "@/components/members/invitations-list";
import { InviteForm, type InvitableRole } from "@/components/members/invite-form";
import { MembersTable } from "@/components/members/members-table";
import { roles, type Role } from "@/db/schema";
import { orgQuery } from "../org-query";
import { PageHeader } from "@/components/ui/page-header";

export default async function MembersPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: orgSlug } = await params;
  const [data, limits, t] = await Promise.all([
    orgQuery(`/o/${orgSlug}/members`, (caller) => caller.members.list({ orgSlug })),
    orgQuery(`/o/${orgSlug}/members`, (caller) => caller.billing.overLimit({ orgSlug, kinds: ["seats"] })),
    getTranslations(),
  ]);
  const label = (role: Role) => t(`common.roles.${role}`);
  // Only an owner may hand out the owner role; invitations never carry it.
  const assignableRoles = roles.filter((role) => role !== "owner" || data.viewer.role === "owner").map((value) => ({ value, label: label(value) }));
  const invitableRoles = roles.filter((role): role is InvitableRole => role !== "owner").map((value) => ({ value, label: label(value) }));

  return (
    <div className="space-y-6">
      <PageHeader title={t("org.members.title")} subtitle={t("org.members.subtitle")} />
      <OverLimitNotice over={limits.over} billingUrl={limits.billingUrl} />
      {data.canManage ? (
        <InviteForm orgSlug={orgSlug} roles={invitableRoles} />
      ) : (
        <FormAlert kind="info">{t("org.members.readOnly")}</FormAlert>
      )}
      <MembersTable orgSlug={orgSlug} members={data.members} viewer={data.viewer} canManage={data.canManage} assignableRoles={assignableRoles} />
      {data.invitations && <InvitationsList orgSlug={orgSlug} invitations={data.invitations} timeZone={data.timeZone} />}
    </div>
  );
}

import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AcceptInvitationForm } from "@/components/auth/accept-invitation-form";
import { AuthPage } from "@/components/auth/auth-page";
import { FormAlert } from "@/components/auth/form-alert";
import { InvitationSignUpForm } from "@/components/auth/invitation-sign-up-form";
import { SignInForm } from "@/components/auth/sign-in-form";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { getDb } from "@/db/client";
import { auth } from "@/server/auth";
import { findInvitation } from "@/server/tenancy/invitations";

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [invitation, session, t] = await Promise.all([findInvitation(getDb(), token), auth(), getTranslations()]);

  if (!invitation || invitation.status !== "pending") {
    const reason = invitation?.status ?? "notFound";
    return (
      <AuthPage title={t("org.invite.unavailableTitle")}>
        <div className="space-y-4">
          <FormAlert kind="error">{t(`org.invite.${reason}`)}</FormAlert>
          <Link href="/" className="text-sm font-medium text-blue-600 hover:text-blue-700">
            {t("org.invite.goHome")}
          </Link>
        </div>
      </AuthPage>
    );
  }

  const role = t(`common.roles.${invitation.role}`);
  return (
    <AuthPage
      title={t("org.invite.title", { org: invitation.orgName })}
      subtitle={
        <>
          {t("org.invite.invitedAs", { org: invitation.orgName, role })} {t("org.invite.sentTo", { email: invitation.email })}
        </>
      }
    >
      {session?.user?.id ? (
        <div className="space-y-4">
          <p className="text-sm text-gray-600">{t("org.invite.signedInAs", { email: session.user.email ?? "" })}</p>
          <AcceptInvitationForm token={token} />
          <div className="flex justify-center">
            <SignOutButton returnTo={`/invite/${encodeURIComponent(token)}`} />
          </div>
        </div>
      ) : invitation.accountExists ? (
        <div className="space-y-4">
          <p className="text-sm font-medium text-gray-900">{t("org.invite.signInToAccept")}</p>
          <SignInForm callbackUrl={`/invite/${encodeURIComponent(token)}`} fixedEmail={invitation.email} />
        </div>
      ) : (
        <div className="space-y-4">
          <p className="text-sm font-medium text-gray-900">{t("org.invite.signUpToAccept")}</p>
          <InvitationSignUpForm token={token} email={invitation.email} />
        </div>
      )}
    </AuthPage>
  );
}

import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { AuthPage } from "@/components/auth/auth-page";
import { DemoButton } from "@/components/auth/demo-button";
import { FormAlert } from "@/components/auth/form-alert";
import { MagicLinkForm } from "@/components/auth/magic-link-form";
import { SignInForm } from "@/components/auth/sign-in-form";
import { getDb } from "@/db/client";
import { currentUserId } from "@/server/auth";
import { safeCallbackPath } from "@/server/auth/callback-path";
import { findDemoUser } from "@/server/auth/demo-user";

type SearchParams = Promise<{ callbackUrl?: string; error?: string; code?: string }>;

/** Auth.js redirects here with ?error=… when a sign-in did not come through our forms (a stale magic link, say). */
function authErrorKey(error: string, code: string | undefined): string {
  if (error === "Verification") return "auth.signIn.linkInvalid";
  if (error === "CredentialsSignin") return code === "locked" ? "auth.signIn.locked" : "auth.signIn.invalid";
  return "errors.internal";
}

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(params.callbackUrl);
  if (await currentUserId()) redirect(callbackUrl);
  const t = await getTranslations();
  const demoAvailable = Boolean(await findDemoUser(getDb()));
  const error = params.error ? t(authErrorKey(params.error, params.code)) : null;

  return (
    <AuthPage
      title={t("auth.signIn.title")}
      subtitle={t("auth.signIn.subtitle")}
      footer={
        <>
          {t("auth.signIn.noAccount")}{" "}
          <Link href="/sign-up" className="font-medium text-blue-600 hover:text-blue-700">
            {t("auth.signIn.createAccount")}
          </Link>
        </>
      }
    >
      <div className="space-y-6">
        {error && <FormAlert kind="error">{error}</FormAlert>}
        <SignInForm callbackUrl={callbackUrl} />
        <div className="border-t border-gray-200 pt-6">
          <MagicLinkForm callbackUrl={callbackUrl} />
        </div>
        {demoAvailable && (
          <div className="space-y-3 border-t border-gray-200 pt-6">
            <div>
              <h2 className="text-sm font-semibold text-gray-900">{t("auth.demo.title")}</h2>
              <p className="mt-1 text-sm text-gray-600">{t("auth.demo.text")}</p>
            </div>
            <DemoButton />
          </div>
        )}
      </div>
    </AuthPage>
  );
}

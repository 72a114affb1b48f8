import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AuthPage } from "@/components/auth/auth-page";
import { FormAlert } from "@/components/auth/form-alert";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";
import { getDb } from "@/db/client";
import { isPasswordResetTokenUsable } from "@/server/auth/password-reset";

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const t = await getTranslations("auth.reset");
  const usable = await isPasswordResetTokenUsable(getDb(), token);
  return (
    <AuthPage title={t("title")}>
      {usable ? (
        <ResetPasswordForm token={token} />
      ) : (
        <div className="space-y-4">
          <FormAlert kind="error">{t("linkInvalid")}</FormAlert>
          <Link href="/forgot-password" className="text-sm font-medium text-blue-600 hover:text-blue-700">
            {t("requestNew")}
          </Link>
        </div>
      )}
    </AuthPage>
  );
}

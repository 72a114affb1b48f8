import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AuthPage } from "@/components/auth/auth-page";
import { ForgotPasswordForm } from "@/components/auth/forgot-password-form";

export default async function ForgotPasswordPage() {
  const t = await getTranslations("auth.forgot");
  return (
    <AuthPage
      title={t("title")}
      subtitle={t("subtitle")}
      footer={
        <Link href="/sign-in" className="font-medium text-blue-600 hover:text-blue-700">
          {t("back")}
        </Link>
      }
    >
      <ForgotPasswordForm />
    </AuthPage>
  );
}

import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AuthPage } from "@/components/auth/auth-page";

export default async function CheckEmailPage() {
  const t = await getTranslations("auth.checkEmail");
  return (
    <AuthPage title={t("title")} subtitle={t("text")}>
      <Link href="/sign-in" className="text-sm font-medium text-blue-600 hover:text-blue-700">
        {t("back")}
      </Link>
    </AuthPage>
  );
}

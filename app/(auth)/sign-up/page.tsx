import Link from "next/link";
import { redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { AuthPage } from "@/components/auth/auth-page";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { currentUserId } from "@/server/auth";
import { currencyChoices } from "@/server/tenancy/organization-fields";

export default async function SignUpPage() {
  if (await currentUserId()) redirect("/");
  const t = await getTranslations("auth.signUp");
  return (
    <AuthPage
      title={t("title")}
      subtitle={t("subtitle")}
      footer={
        <>
          {t("haveAccount")}{" "}
          <Link href="/sign-in" className="font-medium text-blue-600 hover:text-blue-700">
            {t("signIn")}
          </Link>
        </>
      }
    >
      <SignUpForm currencies={currencyChoices(await getLocale())} />
    </AuthPage>
  );
}

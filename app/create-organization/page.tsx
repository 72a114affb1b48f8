import { getLocale, getTranslations } from "next-intl/server";
import { AuthPage } from "@/components/auth/auth-page";
import { CreateOrganizationForm } from "@/components/auth/create-organization-form";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { requireUserId } from "@/server/auth/require-user";
import { currencyChoices } from "@/server/tenancy/organization-fields";

export default async function CreateOrganizationPage() {
  await requireUserId("/create-organization");
  const t = await getTranslations("org.create");
  return (
    <AuthPage title={t("title")} subtitle={t("subtitle")} footer={<div className="flex justify-center"><SignOutButton /></div>}>
      <CreateOrganizationForm currencies={currencyChoices(await getLocale())} />
    </AuthPage>
  );
}

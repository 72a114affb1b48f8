import { getLocale, getTranslations } from "next-intl/server";
import { ClientList } from "@/components/clients/client-list";
import { CreateClientForm } from "@/components/clients/create-client-form";
import { currencyChoices } from "@/server/tenancy/organization-fields";
import { orgQuery } from "../org-query";

export default async function ClientsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: orgSlug } = await params;
  const [clients, t, locale] = await Promise.all([
    orgQuery(`/o/${orgSlug}/clients`, (caller) => caller.clients.list({ orgSlug })),
    getTranslations("org.clients"),
    getLocale(),
  ]);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold text-gray-900">{t("title")}</h1>
        <p className="mt-1 text-sm text-gray-600">{t("subtitle")}</p>
      </div>
      <ClientList clients={clients} />
      <CreateClientForm agencySlug={orgSlug} currencies={currencyChoices(locale)} />
    </div>
  );
}

import { getLocale, getTranslations } from "next-intl/server";
import { ClientList } from "@/components/clients/client-list";
import { CreateClientForm } from "@/components/clients/create-client-form";
import { currencyChoices } from "@/server/tenancy/organization-fields";
import { orgQuery } from "../org-query";
import { PageHeader } from "@/components/ui/page-header";

export default async function ClientsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: orgSlug } = await params;
  const [clients, t, locale] = await Promise.all([
    orgQuery(`/o/${orgSlug}/clients`, (caller) => caller.clients.list({ orgSlug })),
    getTranslations("org.clients"),
    getLocale(),
  ]);
  return (
    <div className="space-y-6">
      <PageHeader title={t("title")} subtitle={t("subtitle")} />
      <ClientList clients={clients} />
      <CreateClientForm agencySlug={orgSlug} currencies={currencyChoices(locale)} />
    </div>
  );
}

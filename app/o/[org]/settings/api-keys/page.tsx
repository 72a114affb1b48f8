import { getTranslations } from "next-intl/server";
import { ApiKeysList } from "@/components/api-keys/api-keys-list";
import { CreateApiKeyForm } from "@/components/api-keys/create-api-key-form";
import { IngestExample } from "@/components/api-keys/ingest-example";
import { mailLinkOrigin } from "@/server/auth/request-origin";
import { orgQuery } from "../../org-query";

export default async function ApiKeysPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: orgSlug } = await params;
  const [keys, t, origin] = await Promise.all([
    orgQuery(`/o/${orgSlug}/settings/api-keys`, (caller) => caller.apiKeys.list({ orgSlug })),
    getTranslations(),
    mailLinkOrigin(),
  ]);

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold text-gray-900">{t("apiKeys.title")}</h1>
        <p className="mt-1 text-sm text-gray-600">{t("apiKeys.subtitle")}</p>
      </div>
      <CreateApiKeyForm orgSlug={orgSlug} />
      <ApiKeysList orgSlug={orgSlug} keys={keys} />
      <IngestExample origin={origin} />
    </div>
  );
}

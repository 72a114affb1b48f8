import { getTranslations } from "next-intl/server";
import { ApiKeysList } from "@/components/api-keys/api-keys-list";
import { CreateApiKeyForm } from "@/components/api-keys/create-api-key-form";
import { IngestExample } from "@/components/api-keys/ingest-example";
import { mailLinkOrigin } from "@/server/auth/request-origin";
import { orgQuery } from "../../org-query";
import { PageHeader } from "@/components/ui/page-header";

export default async function ApiKeysPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: orgSlug } = await params;
  const [keys, t, origin] = await Promise.all([
    orgQuery(`/o/${orgSlug}/settings/api-keys`, (caller) => caller.apiKeys.list({ orgSlug })),
    getTranslations(),
    mailLinkOrigin(),
  ]);

  return (
    <div className="space-y-6">
      <PageHeader level={2} title={t("apiKeys.title")} subtitle={t("apiKeys.subtitle")} />
      <CreateApiKeyForm orgSlug={orgSlug} />
      <ApiKeysList orgSlug={orgSlug} keys={keys} />
      <IngestExample origin={origin} />
    </div>
  );
}

import { getTranslations } from "next-intl/server";
import { ConnectCrm } from "@/components/sources/connect-crm";
import { SourcesPanel } from "@/components/sources/sources-panel";
import { PageHeader } from "@/components/ui/page-header";
import { orgQuery } from "../../org-query";

export default async function SourcesPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: orgSlug } = await params;
  const [list, t] = await Promise.all([
    orgQuery(`/o/${orgSlug}/settings/sources`, (caller) => caller.sources.list({ orgSlug })),
    getTranslations("sources.list"),
  ]);
  return (
    <div className="space-y-6">
      <PageHeader level={2} title={t("title")} subtitle={t("subtitle")} />
      <SourcesPanel orgSlug={orgSlug} initial={list} />
      {list.canManage && <ConnectCrm orgSlug={orgSlug} />}
    </div>
  );
}

import { getTranslations } from "next-intl/server";
import { OverLimitNotice } from "@/components/billing/over-limit-notice";
import { ConnectCrm } from "@/components/sources/connect-crm";
import { SourcesPanel } from "@/components/sources/sources-panel";
import { PageHeader } from "@/components/ui/page-header";
import { orgQuery } from "../../org-query";

export default async function SourcesPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: orgSlug } = await params;
  const [list, limits, t] = await Promise.all([
    orgQuery(`/o/${orgSlug}/settings/sources`, (caller) => caller.sources.list({ orgSlug })),
    orgQuery(`/o/${orgSlug}/settings/sources`, (caller) => caller.billing.overLimit({ orgSlug, kinds: ["sources"] })),
    getTranslations("sources.list"),
  ]);
  return (
    <div className="space-y-6">
      <PageHeader level={2} title={t("title")} subtitle={t("subtitle")} />
      <OverLimitNotice over={limits.over} billingUrl={limits.billingUrl} />
      <SourcesPanel orgSlug={orgSlug} initial={list} />
      {list.canManage && <ConnectCrm orgSlug={orgSlug} />}
    </div>
  );
}

import { getTranslations } from "next-intl/server";
import { ImportWizard } from "@/components/imports/import-wizard";
import { orgQuery } from "../../org-query";
import { PageHeader } from "@/components/ui/page-header";

export default async function ImportPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: orgSlug } = await params;
  const [kinds, t] = await Promise.all([
    orgQuery(`/o/${orgSlug}/settings/import`, (caller) => caller.imports.fields({ orgSlug })),
    getTranslations("imports.page"),
  ]);
  return (
    <div className="space-y-6">
      <PageHeader level={2} title={t("title")} subtitle={t("description")} />
      <ImportWizard orgSlug={orgSlug} kinds={kinds} />
    </div>
  );
}

import { getTranslations } from "next-intl/server";
import { ImportWizard } from "@/components/imports/import-wizard";
import { orgQuery } from "../../org-query";

export default async function ImportPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: orgSlug } = await params;
  const [kinds, t] = await Promise.all([
    orgQuery(`/o/${orgSlug}/settings/import`, (caller) => caller.imports.fields({ orgSlug })),
    getTranslations("imports.page"),
  ]);
  return (
    <div className="space-y-6">
      <div>
        <h2 className="text-xl font-semibold text-gray-900">{t("title")}</h2>
        <p className="mt-1 max-w-3xl text-sm text-gray-600">{t("description")}</p>
      </div>
      <ImportWizard orgSlug={orgSlug} kinds={kinds} />
    </div>
  );
}

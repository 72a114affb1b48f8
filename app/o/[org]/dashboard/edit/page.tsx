import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { roles, type Role } from "@/db/schema";
import { DashboardEditor } from "@/components/dashboard/dashboard-editor";
import { PageHeader } from "@/components/ui/page-header";
import { orgQuery } from "../../org-query";

type Props = {
  params: Promise<{ org: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("dashboard.editor");
  return { title: t("title") };
}

export default async function DashboardEditPage({ params, searchParams }: Props) {
  const { org: orgSlug } = await params;
  const requested = (await searchParams).role;
  const role: Role = roles.find((r) => r === requested) ?? "head_of_sales";
  const editor = await orgQuery(`/o/${orgSlug}/dashboard/edit`, (caller) => caller.dashboard.editor({ orgSlug, role }));
  const t = await getTranslations("dashboard.editor");
  return (
    <div className="space-y-6">
      <PageHeader title={t("title")} subtitle={t("subtitle")} />
      <DashboardEditor
        key={role}
        orgSlug={orgSlug}
        role={role}
        editable={editor.editable}
        metrics={editor.metrics}
        dashboard={editor.dashboard}
      />
    </div>
  );
}

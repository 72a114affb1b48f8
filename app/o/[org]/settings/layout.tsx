import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { SettingsNav } from "@/components/settings/settings-nav";
import { orgQuery } from "../org-query";

export default async function SettingsLayout({ children, params }: { children: ReactNode; params: Promise<{ org: string }> }) {
  const { org: orgSlug } = await params;
  const org = await orgQuery(`/o/${orgSlug}/settings`, (caller) => caller.orgs.current({ orgSlug }));
  const t = await getTranslations("settings");
  return (
    <div className="space-y-6">
      <div className="space-y-3">
        <h1 className="text-2xl font-semibold text-gray-900">{t("title")}</h1>
        <SettingsNav orgSlug={orgSlug} showBilling={org.canManageBilling} />
      </div>
      {children}
    </div>
  );
}

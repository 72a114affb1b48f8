import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { BillingBanner } from "@/components/billing/billing-banner";
import { LanguageSwitcher } from "@/components/shell/language-switcher";
import { OrgNav } from "@/components/shell/org-nav";
import { OrgSwitcher } from "@/components/shell/org-switcher";
import { orgQuery } from "./org-query";

export default async function OrgLayout({ children, params }: { children: ReactNode; params: Promise<{ org: string }> }) {
  const { org: orgSlug } = await params;
  const [org, organizations] = await orgQuery(`/o/${orgSlug}`, (caller) =>
    Promise.all([caller.orgs.current({ orgSlug }), caller.orgs.listMine()]),
  );
  const t = await getTranslations();

  return (
    <div className="min-h-screen">
      <header className="border-b border-gray-200 bg-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-4 px-4 py-3 sm:px-6">
          <Link href="/" className="text-lg font-semibold text-blue-700">
            {t("common.appName")}
          </Link>
          <OrgSwitcher current={org.slug} organizations={organizations} />
          <OrgNav orgSlug={org.slug} showMembers={!org.isDemo} showClients={org.canManageClients} showSettings={org.canManageSettings} />
          <div className="ml-auto flex items-center gap-3">
            <span className="hidden text-xs text-gray-500 sm:inline">{t(`common.roles.${org.role}`)}</span>
            <LanguageSwitcher />
            <SignOutButton />
          </div>
        </div>
      </header>
      {org.isDemo && (
        <div role="status" className="bg-amber-50 px-4 py-2 text-center text-sm text-amber-800">
          {t("shell.demoBanner")}
        </div>
      )}
      <BillingBanner orgSlug={org.slug} />
      <main className="mx-auto max-w-7xl px-4 py-6 sm:px-6">{children}</main>
    </div>
  );
}

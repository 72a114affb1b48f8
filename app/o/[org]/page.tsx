import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { RoleDashboardView } from "@/components/dashboard/role-dashboard-view";
import { OnboardingChecklist } from "@/components/onboarding/onboarding-checklist";
import { parseDashboardSearchParams } from "@/server/dashboard/filters";
import { orgQuery } from "./org-query";

type Props = {
  params: Promise<{ org: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("dashboard");
  return { title: t("metaTitle") };
}

export default async function OrgDashboardPage({ params, searchParams }: Props) {
  const { org: orgSlug } = await params;
  const filters = parseDashboardSearchParams(await searchParams);
  const dashboard = await orgQuery(`/o/${orgSlug}`, (caller) => caller.dashboard.view({ orgSlug, filters }));
  if (!dashboard.hasDeals) return <OnboardingChecklist orgSlug={orgSlug} />;
  return <RoleDashboardView dashboard={dashboard} orgSlug={orgSlug} />;
}

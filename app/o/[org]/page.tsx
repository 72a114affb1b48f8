import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { HeadOfSalesView } from "@/components/dashboard/head-of-sales-view";
import { OnboardingChecklist } from "@/components/onboarding/onboarding-checklist";
import { parsePeriodSearchParams } from "@/lib/periods";
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
  const period = parsePeriodSearchParams(await searchParams);
  const dashboard = await orgQuery(`/o/${orgSlug}`, (caller) => caller.dashboard.headOfSales({ orgSlug, ...period }));
  if (!dashboard.hasDeals) return <OnboardingChecklist orgSlug={orgSlug} />;
  return <HeadOfSalesView dashboard={dashboard} />;
}

import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { OverviewTable } from "@/components/agency/overview-table";
import { OverLimitNotice } from "@/components/billing/over-limit-notice";
import { TemplatesCard } from "@/components/agency/templates-card";
import { CreateClientForm } from "@/components/clients/create-client-form";
import { PeriodPicker } from "@/components/dashboard/period-picker";
import { PageHeader } from "@/components/ui/page-header";
import { parsePeriodSearchParams } from "@/lib/periods";
import { currencyChoices } from "@/server/tenancy/organization-fields";
import { orgQuery } from "../org-query";

type Props = {
  params: Promise<{ org: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** The agency's clients page is its overview: every client's numbers for a period, the templates, a new client. */
export default async function ClientsPage({ params, searchParams }: Props) {
  const { org: orgSlug } = await params;
  const period = parsePeriodSearchParams(await searchParams);
  const [[overview, templates, limits], t, format, locale] = await Promise.all([
    orgQuery(`/o/${orgSlug}/clients`, (caller) =>
      Promise.all([caller.agency.overview({ orgSlug, ...period }), caller.agency.templates({ orgSlug }), caller.billing.overLimit({ orgSlug, kinds: ["clients"] })]),
    ),
    getTranslations(),
    getFormatter(),
    getLocale(),
  ]);
  const day = (date: string) => format.dateTime(new Date(`${date}T00:00:00Z`), { dateStyle: "medium", timeZone: "UTC" });
  const periodQuery = `?${new URLSearchParams(period as Record<string, string>).toString()}`;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <PageHeader title={t("org.clients.title")} subtitle={t("agency.overview.caption", { from: day(overview.period.from), to: day(overview.period.to) })} />
        <PeriodPicker preset={period.period} from={overview.period.from} to={overview.period.to} />
      </div>
      <OverLimitNotice over={limits.over} billingUrl={limits.billingUrl} />
      {overview.clients.length === 0 ? (
        <p className="rounded-xl border border-dashed border-gray-300 bg-white p-8 text-center text-sm text-gray-500">{t("org.clients.empty")}</p>
      ) : (
        <OverviewTable clients={overview.clients} periodQuery={periodQuery} now={new Date()} />
      )}
      <div className="grid gap-6 lg:grid-cols-2">
        <TemplatesCard agencySlug={orgSlug} templates={templates} clients={overview.clients.map(({ slug, name }) => ({ slug, name }))} />
        <CreateClientForm agencySlug={orgSlug} currencies={currencyChoices(locale)} />
      </div>
    </div>
  );
}

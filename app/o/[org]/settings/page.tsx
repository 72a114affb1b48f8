import { getLocale, getTranslations } from "next-intl/server";
import { AgencyAccessCard } from "@/components/agency/agency-access-card";
import { FormAlert } from "@/components/auth/form-alert";
import { monthChoices, weekdayChoices } from "@/components/settings/calendar-names";
import { OrganizationSettingsForm, type SettingsChoices } from "@/components/settings/organization-settings-form";
import { OrganizationSettingsSummary } from "@/components/settings/organization-settings-summary";
import { locales } from "@/lib/i18n/locales";
import { ltvMethods, meetingCountings } from "@/server/settings/organization-settings";
import { currencyChoices } from "@/server/tenancy/organization-fields";
import { orgQuery } from "../org-query";
import { PageHeader } from "@/components/ui/page-header";

export default async function OrganizationSettingsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: orgSlug } = await params;
  const [data, t, locale] = await Promise.all([
    orgQuery(`/o/${orgSlug}/settings`, (caller) => caller.settings.get({ orgSlug })),
    getTranslations(),
    getLocale(),
  ]);
  const choices: SettingsChoices = {
    currencies: currencyChoices(locale),
    timeZones: Intl.supportedValuesOf("timeZone"),
    locales: locales.map((value) => ({ value, label: t(`common.languages.${value}`) })),
    weekdays: weekdayChoices(locale),
    months: monthChoices(locale),
    ltvMethods: ltvMethods.map((value) => ({ value, label: t(`settings.organization.ltvMethods.${value}`) })),
    meetingCountings: meetingCountings.map((value) => ({ value, label: t(`settings.organization.meetingCountings.${value}`) })),
  };

  return (
    <section aria-labelledby="organization-settings-title" className="space-y-4">
      <PageHeader level={2} id="organization-settings-title" title={t("settings.organization.title")} subtitle={t("settings.organization.subtitle")} />
      {data.canManage ? (
        <OrganizationSettingsForm orgSlug={orgSlug} settings={data.settings} choices={choices} />
      ) : (
        <>
          <FormAlert kind="info">{t(data.isDemo ? "settings.demoReadOnly" : "settings.readOnly")}</FormAlert>
          <OrganizationSettingsSummary settings={data.settings} choices={choices} />
        </>
      )}
      {data.canManage && <AgencyAccessCard orgSlug={orgSlug} />}
    </section>
  );
}

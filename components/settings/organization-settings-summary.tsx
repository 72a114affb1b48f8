import { getTranslations } from "next-intl/server";
import type { OrganizationSettings } from "@/server/settings/organization-settings";
import type { SettingsChoices } from "./organization-settings-form";

/** The settings as text, for members who may not change them (and for everyone in the demo company). */
export async function OrganizationSettingsSummary({ settings, choices }: { settings: OrganizationSettings; choices: SettingsChoices }) {
  const t = await getTranslations("settings");
  const labelOf = (options: { value: string; label: string }[], value: string | number) => options.find((o) => o.value === String(value))?.label ?? String(value);
  const rows: [string, string][] = [
    ["name", settings.name],
    ["currency", labelOf(choices.currencies, settings.currency)],
    ["timeZone", settings.timeZone],
    ["locale", labelOf(choices.locales, settings.locale)],
    ["weekStart", labelOf(choices.weekdays, settings.weekStart)],
    ["workingDays", settings.workingDays.map((day) => labelOf(choices.weekdays, day)).join(", ")],
    ["fiscalYearStartMonth", labelOf(choices.months, settings.fiscalYearStartMonth)],
    ["conversionWindowDays", String(settings.conversionWindowDays)],
    ["churnWindowDays", String(settings.churnWindowDays)],
    ["staleDealDays", String(settings.staleDealDays)],
    ["ltvMethod", labelOf(choices.ltvMethods, settings.ltvMethod)],
    ["meetingCounting", labelOf(choices.meetingCountings, settings.meetingCounting)],
  ];
  return (
    <div className="space-y-6 rounded-xl border border-gray-200 bg-white p-6 shadow-sm">
      <dl className="grid gap-x-6 gap-y-4 md:grid-cols-2">
        {rows.map(([key, value]) => (
          <div key={key}>
            <dt className="text-sm font-medium text-gray-700">{t(`organization.fields.${key}`)}</dt>
            <dd className="mt-0.5 text-sm text-gray-900">{value}</dd>
            <dd className="text-xs text-gray-500">{t(`organization.hints.${key}`)}</dd>
          </div>
        ))}
      </dl>
      <div>
        <h3 className="text-sm font-medium text-gray-700">{t("holidays.title")}</h3>
        {settings.holidays.length === 0 ? (
          <p className="mt-1 text-sm text-gray-500">{t("holidays.empty")}</p>
        ) : (
          <ul className="mt-1 space-y-1 text-sm text-gray-900">
            {settings.holidays.map((holiday) => (
              <li key={holiday.day}>
                <span className="tabular-nums">{holiday.day}</span> {holiday.name}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

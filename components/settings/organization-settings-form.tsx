"use client";

import { useMutation } from "@tanstack/react-query";
import type { inferRouterInputs } from "@trpc/server";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useRef, useState, useSyncExternalStore, type FormEvent } from "react";
import { FormAlert } from "@/components/auth/form-alert";
import { SelectField, TextField } from "@/components/auth/form-fields";
import { useTRPC } from "@/lib/trpc/client";
import { useMutationErrors } from "@/lib/trpc/use-mutation-errors";
import type { OrganizationSettings } from "@/server/settings/organization-settings";
import type { AppRouter } from "@/server/trpc/root";
import { HolidaysEditor, type HolidayRow } from "./holidays-editor";
import { WorkingDaysField } from "./working-days-field";
import { PendingButton } from "@/components/ui/pending-button";

type Choice = { value: string; label: string };
type UpdateInput = inferRouterInputs<AppRouter>["settings"]["update"];
export type SettingsChoices = {
  currencies: Choice[];
  timeZones: string[];
  locales: Choice[];
  weekdays: Choice[];
  months: Choice[];
  ltvMethods: Choice[];
  meetingCountings: Choice[];
};

const subscribeNever = () => () => {};
const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
const dayFields = ["conversionWindowDays", "churnWindowDays", "staleDealDays"] as const;

/** Every organization setting, saved at once; each error shows next to its field in the reader's language. */
export function OrganizationSettingsForm({ orgSlug, settings, choices }: { orgSlug: string; settings: OrganizationSettings; choices: SettingsChoices }) {
  const t = useTranslations("settings.organization");
  const trpc = useTRPC();
  const router = useRouter();
  const { holidays, ...initial } = settings;
  const [values, setValues] = useState(initial);
  // Day counts are typed as text; the server answers a non-number with a field error.
  const [dayCounts, setDayCounts] = useState(() => Object.fromEntries(dayFields.map((f) => [f, String(settings[f])])) as Record<(typeof dayFields)[number], string>);
  const nextKey = useRef(holidays.length);
  const [holidayRows, setHolidayRows] = useState<HolidayRow[]>(() => holidays.map((h, key) => ({ key, ...h })));
  const browserZone = useSyncExternalStore(subscribeNever, browserTimeZone, () => null);
  const update = useMutation(trpc.settings.update.mutationOptions({ onSuccess: () => router.refresh() }));
  const { fieldError, formError } = useMutationErrors(update.error);
  const set = <K extends keyof typeof values>(key: K, value: (typeof values)[K]) => setValues((v) => ({ ...v, [key]: value }));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    update.mutate({
      orgSlug,
      ...values,
      // Both come from selects whose options are the allowed values; the server validates them again.
      currency: values.currency as UpdateInput["currency"],
      locale: values.locale as UpdateInput["locale"],
      conversionWindowDays: Number(dayCounts.conversionWindowDays),
      churnWindowDays: Number(dayCounts.churnWindowDays),
      staleDealDays: Number(dayCounts.staleDealDays),
      holidays: holidayRows.map(({ day, name }) => ({ day, name })),
    });
  }

  const select = (key: "currency" | "locale" | "ltvMethod" | "meetingCounting", options: Choice[]) => (
    <SelectField
      id={`settings-${key}`}
      label={t(`fields.${key}`)}
      hint={t(`hints.${key}`)}
      options={options}
      value={values[key]}
      onChange={(event) => set(key, event.target.value as (typeof values)[typeof key])}
      error={fieldError(key)}
    />
  );
  const numberSelect = (key: "weekStart" | "fiscalYearStartMonth", options: Choice[]) => (
    <SelectField
      id={`settings-${key}`}
      label={t(`fields.${key}`)}
      hint={t(`hints.${key}`)}
      options={options}
      value={String(values[key])}
      onChange={(event) => set(key, Number(event.target.value))}
      error={fieldError(key)}
    />
  );

  return (
    <form onSubmit={submit} noValidate className="space-y-6 rounded-xl border border-gray-200 bg-white p-6 shadow-sm">
      {formError && <FormAlert kind="error">{formError}</FormAlert>}
      {update.isSuccess && <FormAlert kind="success">{t("saved")}</FormAlert>}
      <div className="grid gap-5 md:grid-cols-2">
        <TextField id="settings-name" label={t("fields.name")} hint={t("hints.name")} required maxLength={100} value={values.name} onChange={(e) => set("name", e.target.value)} error={fieldError("name")} />
        {select("currency", choices.currencies)}
        <div>
          <TextField
            id="settings-timeZone"
            label={t("fields.timeZone")}
            hint={t("hints.timeZone")}
            list="settings-time-zones"
            autoComplete="off"
            spellCheck={false}
            value={values.timeZone}
            onChange={(e) => set("timeZone", e.target.value)}
            error={fieldError("timeZone")}
          />
          <datalist id="settings-time-zones">
            {choices.timeZones.map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
          {browserZone && browserZone !== values.timeZone && (
            <button type="button" onClick={() => set("timeZone", browserZone)} className="mt-1 text-xs font-medium text-blue-700 hover:underline">
              {t("useBrowserZone", { zone: browserZone })}
            </button>
          )}
        </div>
        {select("locale", choices.locales)}
        {numberSelect("weekStart", choices.weekdays)}
        {numberSelect("fiscalYearStartMonth", choices.months)}
        {dayFields.map((key) => (
          <TextField
            key={key}
            id={`settings-${key}`}
            type="number"
            inputMode="numeric"
            min={1}
            label={t(`fields.${key}`)}
            hint={t(`hints.${key}`)}
            value={dayCounts[key]}
            onChange={(e) => setDayCounts((counts) => ({ ...counts, [key]: e.target.value }))}
            error={fieldError(key)}
          />
        ))}
        {select("ltvMethod", choices.ltvMethods)}
        {select("meetingCounting", choices.meetingCountings)}
      </div>
      <WorkingDaysField
        legend={t("fields.workingDays")}
        hint={t("hints.workingDays")}
        error={fieldError("workingDays")}
        weekdays={choices.weekdays}
        value={values.workingDays}
        onChange={(days) => set("workingDays", days)}
      />
      <HolidaysEditor
        rows={holidayRows}
        onChange={setHolidayRows}
        onAdd={() => setHolidayRows((rows) => [...rows, { key: nextKey.current++, day: "", name: "" }])}
        fieldError={fieldError}
      />
      <PendingButton pending={update.isPending} pendingLabel={t("saving")}>
          {t("save")}
        </PendingButton>
    </form>
  );
}

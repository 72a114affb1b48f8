"use client";

import { useTranslations } from "next-intl";
import { useSyncExternalStore } from "react";
import { SelectField, TextField } from "./form-fields";

const subscribeNever = () => () => {};
const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";

export type CurrencyOption = { value: string; label: string };

/**
 * Name, type (company or agency), currency and time zone of a new organization. The zone is the browser's, sent in a hidden field
 * (the server renders "UTC" until the page hydrates, then the browser's own zone replaces it).
 */
export function OrganizationFields({
  currencies,
  values,
  fieldError,
  withKind = true,
}: {
  currencies: CurrencyOption[];
  /** Own organizations may be agencies; an agency's client is always a company. */
  withKind?: boolean;
  values?: Record<string, string>;
  fieldError: (field: string) => string | undefined;
}) {
  const t = useTranslations("org.fields");
  const timeZone = useSyncExternalStore(subscribeNever, browserTimeZone, () => "UTC");
  const timeZoneError = fieldError("timeZone");
  return (
    <>
      <TextField
        id="organization-name"
        name="organizationName"
        label={t("organizationName")}
        autoComplete="organization"
        required
        defaultValue={values?.organizationName}
        error={fieldError("organizationName")}
      />
      {withKind && (
        <SelectField
          id="organization-kind"
          name="kind"
          label={t("kind")}
          hint={t("kindHint")}
          defaultValue={values?.kind ?? "company"}
          options={(["company", "agency"] as const).map((kind) => ({ value: kind, label: t(`kinds.${kind}`) }))}
          error={fieldError("kind")}
        />
      )}
      <SelectField
        id="organization-currency"
        name="currency"
        label={t("currency")}
        defaultValue={values?.currency ?? "USD"}
        options={currencies}
        error={fieldError("currency")}
      />
      <div>
        <input type="hidden" name="timeZone" value={timeZone} />
        <p className="text-xs text-gray-500">{t("timeZoneDetected", { zone: timeZone })}</p>
        {timeZoneError && <p className="mt-1 text-sm text-red-600">{`${t("timeZone")}: ${timeZoneError}`}</p>}
      </div>
    </>
  );
}

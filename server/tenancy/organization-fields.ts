import { z } from "zod";

/** Currencies offered when an organization is created; any of them is formatted by locale everywhere. */
export const commonCurrencies = [
  "USD", "EUR", "GBP", "UAH", "RUB", "KZT", "PLN", "CZK", "CHF", "SEK", "NOK", "DKK", "GEL", "AMD", "AZN", "BYN",
  "UZS", "TRY", "AED", "ILS", "INR", "CNY", "JPY", "SGD", "AUD", "CAD", "BRL", "MXN",
] as const;

/** An IANA zone name such as "Europe/Kyiv" or "UTC" that this runtime can format dates in. */
export function isTimeZone(value: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** What every new organization is made from: a company's sign-up, another organization, or an agency's client. */
export const ZOrganizationFields = z.object({
  organizationName: z.string().trim().min(1, "errors.field.required").max(100, "errors.field.tooLong"),
  currency: z.enum(commonCurrencies, "errors.field.invalid"),
  timeZone: z.string().trim().refine(isTimeZone, "errors.field.invalid"),
});
export type OrganizationFields = z.infer<typeof ZOrganizationFields>;

/** A sign-up or a new organization also says whether it is a company or an agency that serves clients. */
export const ZOwnOrganizationFields = ZOrganizationFields.extend({
  kind: z.enum(["company", "agency"], "errors.field.invalid").optional(),
});
export type OwnOrganizationFields = z.infer<typeof ZOwnOrganizationFields>;

/** The currency select's options, named in the reader's language ("UAH — Ukrainian hryvnia"). */
export function currencyChoices(locale: string): { value: string; label: string }[] {
  const names = new Intl.DisplayNames([locale], { type: "currency" });
  return commonCurrencies.map((code) => ({ value: code, label: `${code} — ${names.of(code) ?? code}` }));
}

import { z } from "zod";
import type { CrmKind, Credentials } from "@/server/sources/connector";

/** One input of a CRM's token form; its label and hint are sources.connect.fields.<kind>.<name>(Hint). */
export type CredentialField = { name: string; secret: boolean; required: boolean; placeholder?: string };

const key = (name: string) => `sources.connect.errors.${name}`;
const required = z.string().trim().min(1, key("required")).max(2000, key("tooLong"));
const optional = z.string().trim().max(2000, key("tooLong")).optional().default("");

/** "acme", "acme.pipedrive.com" or "https://acme.pipedrive.com/…" → "https://acme.pipedrive.com"; a URL keeps its scheme. */
function origin(value: string, domain: string): string | null {
  const withScheme = /^https?:\/\//i.test(value) ? value : `https://${value.includes(".") ? value : `${value}.${domain}`}`;
  try {
    return new URL(withScheme).origin;
  } catch {
    return null;
  }
}

const addressIn = (field: string, domain: string) =>
  (value: string, ctx: z.RefinementCtx) => {
    const parsed = origin(value, domain);
    if (!parsed) ctx.addIssue({ code: "custom", path: [field], message: key("badAddress") });
    return parsed ?? "";
  };

type Form = { fields: CredentialField[]; schema: z.ZodType<Credentials> };

/**
 * What each CRM's token form asks and how it becomes Credentials (with baseUrl). Field errors are message keys
 * on the field's name. OAuth connections skip these forms (see connect-oauth.ts).
 */
export const credentialForms: Record<CrmKind, Form> = {
  pipedrive: {
    fields: [
      { name: "apiToken", secret: true, required: true },
      { name: "companyDomain", secret: false, required: false, placeholder: "yourcompany.pipedrive.com" },
    ],
    schema: z.object({ apiToken: required, companyDomain: optional }).transform((form, ctx) => ({
      apiToken: form.apiToken,
      baseUrl: form.companyDomain ? addressIn("companyDomain", "pipedrive.com")(form.companyDomain, ctx) : "https://api.pipedrive.com",
    })),
  },
  hubspot: {
    fields: [{ name: "accessToken", secret: true, required: true, placeholder: "pat-eu1-…" }],
    schema: z.object({ accessToken: required }).transform((form) => ({ accessToken: form.accessToken, baseUrl: "https://api.hubapi.com" })),
  },
  amocrm: {
    fields: [
      { name: "subdomain", secret: false, required: true, placeholder: "yourcompany.amocrm.ru" },
      { name: "accessToken", secret: true, required: true },
    ],
    schema: z.object({ subdomain: required, accessToken: required }).transform((form, ctx) => ({
      accessToken: form.accessToken,
      baseUrl: addressIn("subdomain", "amocrm.ru")(form.subdomain, ctx),
    })),
  },
  bitrix24: {
    fields: [{ name: "webhookUrl", secret: true, required: true, placeholder: "https://yourcompany.bitrix24.ru/rest/1/abc123xyz/" }],
    schema: z.object({ webhookUrl: required }).transform((form, ctx) => {
      // The webhook URL is the whole credential: https://{portal}/rest/{user}/{code}/, methods are appended to it.
      const match = /^(https?:\/\/[^/]+\/rest\/\d+\/[^/]+)\/?(?:[\w.]+\.json)?$/i.exec(form.webhookUrl);
      if (!match) ctx.addIssue({ code: "custom", path: ["webhookUrl"], message: key("badWebhook") });
      return { baseUrl: match ? `${match[1]}/` : "" };
    }),
  },
  salesforce: {
    fields: [
      { name: "instanceUrl", secret: false, required: true, placeholder: "https://yourcompany.my.salesforce.com" },
      { name: "accessToken", secret: true, required: true },
    ],
    schema: z.object({ instanceUrl: required, accessToken: required }).transform((form, ctx) => ({
      accessToken: form.accessToken,
      baseUrl: addressIn("instanceUrl", "my.salesforce.com")(form.instanceUrl, ctx),
    })),
  },
};

/** The field a base URL came from, to put a refused address next to the right input. */
export const addressField: Record<CrmKind, string> = {
  pipedrive: "companyDomain",
  hubspot: "accessToken",
  amocrm: "subdomain",
  bitrix24: "webhookUrl",
  salesforce: "instanceUrl",
};

/** The field holding the secret, to put "the CRM refused this token" next to it. */
export const secretField: Record<CrmKind, string> = {
  pipedrive: "apiToken",
  hubspot: "accessToken",
  amocrm: "accessToken",
  bitrix24: "webhookUrl",
  salesforce: "accessToken",
};

/** A token form's input as Credentials, or field errors (message keys by field name). */
export function parseCredentialForm(kind: CrmKind, form: Record<string, string>):
  | { ok: true; credentials: Credentials }
  | { ok: false; fieldErrors: Record<string, string> } {
  const parsed = credentialForms[kind].schema.safeParse(form);
  if (parsed.success) return { ok: true, credentials: parsed.data };
  const fieldErrors: Record<string, string> = {};
  for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? "")] ??= issue.message;
  return { ok: false, fieldErrors };
}

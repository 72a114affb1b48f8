import { createTranslator } from "next-intl";
import { defaultLocale, isLocale, type Locale } from "@/lib/i18n/locales";
import { loadMessages } from "@/lib/i18n/messages";

/** Translates a full message key ("errors.notFound", "auth.invalidCredentials") outside React. */
export async function translateKey(locale: string, key: string, params?: Record<string, string | number>) {
  const lang: Locale = isLocale(locale) ? locale : defaultLocale;
  const t = createTranslator({ locale: lang, messages: await loadMessages(lang) });
  return (t as unknown as (k: string, p?: Record<string, string | number>) => string)(key, params);
}

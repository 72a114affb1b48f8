import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { defaultLocale, isLocale, localeCookie, localeFromAcceptLanguage } from "./locales";
import { loadMessages } from "./messages";

/** The language comes from the switcher's cookie, else the browser's Accept-Language, else English. */
export default getRequestConfig(async () => {
  const cookieLocale = (await cookies()).get(localeCookie)?.value;
  const locale = isLocale(cookieLocale)
    ? cookieLocale
    : (localeFromAcceptLanguage((await headers()).get("accept-language")) ?? defaultLocale);
  return { locale, messages: await loadMessages(locale) };
});

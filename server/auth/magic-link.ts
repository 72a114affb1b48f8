import type { EmailConfig } from "next-auth/providers/email";
import type { Db } from "@/db/client";
import { defaultLocale, isLocale, localeCookie, localeFromAcceptLanguage, type Locale } from "@/lib/i18n/locales";
import { composeActionMail } from "@/server/mail/compose-action-mail";
import { sendMail } from "@/server/mail/send-mail";

/** The language the person is using the site in: the switcher's cookie, else the browser's languages. */
function localeOf(headers: Headers): Locale {
  const cookie = headers
    .get("cookie")
    ?.split(";")
    .map((part) => part.trim().split("="))
    .find(([name]) => name === localeCookie)?.[1];
  return isLocale(cookie) ? cookie : (localeFromAcceptLanguage(headers.get("accept-language")) ?? defaultLocale);
}

/** Sign-in by a link sent by mail (Auth.js stores the token hashed; a new e-mail becomes a new user). */
export function magicLinkProvider(db: Db): EmailConfig {
  return {
    id: "email",
    type: "email",
    name: "Email",
    maxAge: 24 * 60 * 60,
    options: {},
    async sendVerificationRequest({ identifier, url, request }) {
      const mail = await composeActionMail({ to: identifier, locale: localeOf(request.headers), kind: "magicLink", url });
      await sendMail(db, mail);
    },
  };
}

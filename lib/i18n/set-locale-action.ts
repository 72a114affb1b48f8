"use server";

import { cookies } from "next/headers";
import { z } from "zod";
import { localeCookie, locales } from "./locales";

const ZLocale = z.enum(locales);

/** Remembers the interface language for a year (the language switcher). */
export async function setLocaleAction(locale: string) {
  const parsed = ZLocale.safeParse(locale);
  if (!parsed.success) return;
  (await cookies()).set(localeCookie, parsed.data, { path: "/", maxAge: 60 * 60 * 24 * 365, sameSite: "lax" });
}

import type { Locale } from "./locales";

/**
 * Message catalogs are split per locale into one file per screen or domain (messages/<locale>/<namespace>.json).
 * A new namespace is added here and in all three locale folders.
 */
export const namespaces = ["common", "errors", "auth", "org", "onboarding", "dashboard", "mailbox", "marketing", "email", "shell", "kpi", "settings", "apiKeys", "plans", "imports", "sources", "customMetrics", "billing", "agency"] as const;
export type Namespace = (typeof namespaces)[number];

export async function loadMessages(locale: Locale): Promise<Record<Namespace, Record<string, unknown>>> {
  const entries = await Promise.all(
    namespaces.map(async (ns) => [ns, (await import(`../../messages/${locale}/${ns}.json`)).default] as const),
  );
  return Object.fromEntries(entries) as Record<Namespace, Record<string, unknown>>;
}

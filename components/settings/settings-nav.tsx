"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";

/** Organization settings and data setup (pipeline mapping, sources, import, API keys, custom metrics), billing for those who manage it; the current section is highlighted. */
export function SettingsNav({ orgSlug, showBilling }: { orgSlug: string; showBilling: boolean }) {
  const t = useTranslations("settings.nav");
  const pathname = usePathname();
  const base = `/o/${orgSlug}/settings`;
  const items = [
    { href: base, label: t("organization"), active: pathname === base },
    { href: `${base}/pipeline`, label: t("pipeline"), active: pathname.startsWith(`${base}/pipeline`) },
    { href: `${base}/sources`, label: t("sources"), active: pathname.startsWith(`${base}/sources`) },
    { href: `${base}/import`, label: t("import"), active: pathname.startsWith(`${base}/import`) },
    { href: `${base}/api-keys`, label: t("apiKeys"), active: pathname.startsWith(`${base}/api-keys`) },
    { href: `${base}/custom-metrics`, label: t("customMetrics"), active: pathname.startsWith(`${base}/custom-metrics`) },
    ...(showBilling ? [{ href: `${base}/billing`, label: t("billing"), active: pathname.startsWith(`${base}/billing`) }] : []),
  ];
  return (
    <nav aria-label={t("label")} className="flex flex-wrap gap-1 border-b border-gray-200">
      {items.map((item) => (
        <Link
          key={item.href}
          href={item.href}
          aria-current={item.active ? "page" : undefined}
          className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${item.active ? "border-blue-600 text-blue-700" : "border-transparent text-gray-600 hover:text-gray-900"}`}
        >
          {item.label}
        </Link>
      ))}
    </nav>
  );
}

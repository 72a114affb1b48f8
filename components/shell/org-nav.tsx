"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";

/** The organization's sections; the current one is highlighted. */
export function OrgNav({ orgSlug, showMembers, showClients, showSettings }: { orgSlug: string; showMembers: boolean; showClients: boolean; showSettings: boolean }) {
  const t = useTranslations();
  const pathname = usePathname();
  const base = `/o/${orgSlug}`;
  const items = [
    { href: base, label: t("common.nav.dashboard"), active: pathname === base },
    { href: `${base}/plans`, label: t("common.nav.plans"), active: pathname.startsWith(`${base}/plans`) },
    ...(showClients ? [{ href: `${base}/clients`, label: t("common.nav.clients"), active: pathname.startsWith(`${base}/clients`) }] : []),
    ...(showMembers ? [{ href: `${base}/members`, label: t("common.nav.members"), active: pathname.startsWith(`${base}/members`) }] : []),
    ...(showSettings ? [{ href: `${base}/settings`, label: t("common.nav.settings"), active: pathname.startsWith(`${base}/settings`) }] : []),
  ];
  return (
    <nav aria-label={t("shell.mainNav")} className="flex gap-1">
      {items.map((item) => (
        <Link
          key={item.href}
          href={item.href}
          aria-current={item.active ? "page" : undefined}
          className={`rounded-md px-3 py-1.5 text-sm font-medium ${item.active ? "bg-blue-50 text-blue-700" : "text-gray-600 hover:bg-gray-100 hover:text-gray-900"}`}
        >
          {item.label}
        </Link>
      ))}
    </nav>
  );
}

"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import type { OrgSummary } from "@/server/tenancy/organizations";

/** Jumps between the organizations a person can open: their own, their agency's clients, the demo. */
export function OrgSwitcher({ current, organizations }: { current: string; organizations: OrgSummary[] }) {
  const t = useTranslations("shell");
  const router = useRouter();
  return (
    <select
      aria-label={t("switcher")}
      className="max-w-[16rem] rounded-md border-gray-300 py-1 pl-2 pr-8 text-sm font-medium focus:border-blue-500 focus:ring-blue-500"
      value={current}
      onChange={(event) => router.push(`/o/${event.target.value}`)}
    >
      {organizations.map((org) => (
        <option key={org.slug} value={org.slug}>
          {org.isDemo ? `${org.name} · ${t("demo")}` : org.agencyName ? `${org.name} · ${org.agencyName}` : org.name}
        </option>
      ))}
    </select>
  );
}

"use client";

import { Combobox, ComboboxInput, ComboboxOption, ComboboxOptions } from "@headlessui/react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { OrgSummary } from "@/server/tenancy/organizations";

/**
 * From this many organizations on the switcher searches (a plain select is quickest below it). Five is an agency
 * on the trial plan at its limit: the agency, its three clients and the demo.
 */
const SEARCH_FROM = 5;

type Group = { label: string; organizations: OrgSummary[] };

/** The person's own organizations first, then each agency's clients under the agency, then the demo. */
function groupOrganizations(organizations: OrgSummary[], t: ReturnType<typeof useTranslations>): Group[] {
  const own = organizations.filter((o) => !o.agencyName && !o.isDemo);
  const agencies = [...new Set(organizations.filter((o) => o.agencyName).map((o) => o.agencyName!))];
  const demo = organizations.filter((o) => o.isDemo && !o.agencyName);
  return [
    { label: t("agency.switcher.yours"), organizations: own },
    ...agencies.map((agency) => ({ label: t("agency.switcher.clientsOf", { agency }), organizations: organizations.filter((o) => o.agencyName === agency) })),
    { label: t("shell.demo"), organizations: demo },
  ].filter((group) => group.organizations.length > 0);
}

/** Jumps between the organizations a person can open: their own, their agencies' clients, the demo. */
export function OrgSwitcher({ current, organizations }: { current: string; organizations: OrgSummary[] }) {
  const t = useTranslations();
  const router = useRouter();
  const groups = groupOrganizations(organizations, t);
  const open = (slug: string) => router.push(`/o/${slug}`);
  if (organizations.length < SEARCH_FROM) {
    return (
      <select
        aria-label={t("shell.switcher")}
        className="max-w-[16rem] rounded-md border-gray-300 py-1 pl-2 pr-8 text-sm font-medium focus:border-blue-500 focus:ring-blue-500"
        value={current}
        onChange={(event) => open(event.target.value)}
      >
        {groups.map((group) => (
          <optgroup key={group.label} label={group.label}>
            {group.organizations.map((org) => (
              <option key={org.slug} value={org.slug}>
                {org.name}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    );
  }
  return <SearchingSwitcher current={current} organizations={organizations} groups={groups} onOpen={open} />;
}

function SearchingSwitcher({ current, organizations, groups, onOpen }: { current: string; organizations: OrgSummary[]; groups: Group[]; onOpen: (slug: string) => void }) {
  const t = useTranslations();
  const [query, setQuery] = useState("");
  const needle = query.trim().toLowerCase();
  const matches = (org: OrgSummary) => !needle || org.name.toLowerCase().includes(needle) || Boolean(org.agencyName?.toLowerCase().includes(needle));
  const shown = groups.map((g) => ({ ...g, organizations: g.organizations.filter(matches) })).filter((g) => g.organizations.length > 0);
  return (
    <Combobox
      value={organizations.find((o) => o.slug === current) ?? null}
      onChange={(org: OrgSummary | null) => org && org.slug !== current && onOpen(org.slug)}
      onClose={() => setQuery("")}
      immediate
    >
      <ComboboxInput
        aria-label={t("shell.switcher")}
        placeholder={t("agency.switcher.search")}
        displayValue={(org: OrgSummary | null) => org?.name ?? ""}
        onChange={(event) => setQuery(event.target.value)}
        onFocus={(event) => event.target.select()}
        className="w-56 rounded-md border-gray-300 py-1 pl-2 pr-2 text-sm font-medium focus:border-blue-500 focus:ring-blue-500"
      />
      <ComboboxOptions
        anchor="bottom start"
        className="z-20 max-h-96 w-72 overflow-y-auto rounded-md border border-gray-200 bg-white py-1 text-sm shadow-lg [--anchor-gap:4px] empty:invisible"
      >
        {shown.length === 0 && <p className="px-3 py-2 text-gray-500">{t("agency.switcher.noMatch")}</p>}
        {shown.map((group) => (
          <div key={group.label} role="group" aria-label={group.label}>
            <p className="px-3 pb-1 pt-2 text-xs font-semibold uppercase tracking-wide text-gray-500">{group.label}</p>
            {group.organizations.map((org) => (
              <ComboboxOption
                key={org.slug}
                value={org}
                className="cursor-pointer px-3 py-1.5 text-gray-900 data-[focus]:bg-blue-50 data-[selected]:font-semibold"
              >
                {org.name}
              </ComboboxOption>
            ))}
          </div>
        ))}
      </ComboboxOptions>
    </Combobox>
  );
}

"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/lib/trpc/client";
import { SourceCard } from "./source-card";
import { activeStatuses, type SourcesList } from "./types";

/** The org's sources, refreshed every 2 s while one of them has a queued or running sync. */
export function SourcesPanel({ orgSlug, initial }: { orgSlug: string; initial: SourcesList }) {
  const t = useTranslations("sources.list");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(
    trpc.sources.list.queryOptions(
      { orgSlug },
      {
        initialData: initial,
        refetchInterval: (query) => (query.state.data?.sources.some((s) => s.latestRun && activeStatuses.includes(s.latestRun.status)) ? 2000 : false),
      },
    ),
  );
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.sources.list.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.sources.runs.queryKey() });
  };
  const { sources, canManage } = list.data;
  if (sources.length === 0) return <p className="text-sm text-gray-500">{t("empty")}</p>;
  return (
    <div className="space-y-4">
      {sources.map((source) => (
        <SourceCard key={source.id} orgSlug={orgSlug} source={source} canManage={canManage} onChanged={refresh} />
      ))}
    </div>
  );
}

import type { ConnectorContext } from "@/server/sources/connector";
import type { PdDealField, PdMe, PdOrganization, PdPipeline, PdStage, PdUser } from "./pipedrive-api";
import { readAllCursorPages, readAllV1Pages } from "./paging";

/** Names the mappers need beside a record: read once per run and kept in the run's cache. */
export type PdLookups = {
  users: Map<number, PdUser>;
  pipelines: Map<number, PdPipeline>;
  stages: Map<number, PdStage>;
  /** The deal field "channel"'s option labels by option id. */
  channels: Map<string, string>;
  /** The company's web address (https://acme.pipedrive.com), for links to deals. */
  webUrl: string | null;
};

export async function me(ctx: ConnectorContext): Promise<PdMe> {
  return cached(ctx, "pipedrive:me", async () => (await ctx.http.request<{ data: PdMe }>({ url: "/v1/users/me" })).body.data);
}

export async function pipelinesAndStages(ctx: ConnectorContext) {
  return cached(ctx, "pipedrive:pipelines", async () => {
    const [pipelines, stages] = await Promise.all([
      readAllCursorPages<PdPipeline>(ctx, "/api/v2/pipelines"),
      readAllCursorPages<PdStage>(ctx, "/api/v2/stages"),
    ]);
    return { pipelines: pipelines.filter((p) => !p.is_deleted), stages: stages.filter((s) => !s.is_deleted) };
  });
}

export function lookups(ctx: ConnectorContext): Promise<PdLookups> {
  return cached(ctx, "pipedrive:lookups", async () => {
    const [who, { pipelines, stages }, users, dealFields] = await Promise.all([
      me(ctx),
      pipelinesAndStages(ctx),
      readAllV1Pages<PdUser>(ctx, "/v1/users"),
      readAllV1Pages<PdDealField>(ctx, "/v1/dealFields"),
    ]);
    const channelField = dealFields.find((field) => field.key === "channel");
    return {
      users: new Map(users.map((u) => [u.id, u])),
      pipelines: new Map(pipelines.map((p) => [p.id, p])),
      stages: new Map(stages.map((s) => [s.id, s])),
      channels: new Map((channelField?.options ?? []).map((o) => [String(o.id), o.label])),
      webUrl: who.company_domain ? `https://${who.company_domain}.pipedrive.com` : null,
    };
  });
}

/** Names of the organizations (customers) with these ids, fetched once per run each. */
export async function organizationNames(ctx: ConnectorContext, ids: number[]): Promise<Map<number, string>> {
  const known = cachedMap<number, string>(ctx, "pipedrive:organizations");
  const missing = [...new Set(ids)].filter((id) => !known.has(id));
  for (let i = 0; i < missing.length; i += 100) {
    const chunk = missing.slice(i, i + 100);
    const found = await readAllCursorPages<PdOrganization>(ctx, "/api/v2/organizations", { ids: chunk.join(",") });
    for (const org of found) known.set(org.id, org.name);
  }
  return known;
}

async function cached<T>(ctx: ConnectorContext, key: string, load: () => Promise<T>): Promise<T> {
  if (!ctx.cache.has(key)) ctx.cache.set(key, load());
  return (await ctx.cache.get(key)) as T;
}

function cachedMap<K, V>(ctx: ConnectorContext, key: string): Map<K, V> {
  if (!ctx.cache.has(key)) ctx.cache.set(key, new Map<K, V>());
  return ctx.cache.get(key) as Map<K, V>;
}

import type { Ref, RepRef, StageRef } from "@/server/ingest/schemas/common";
import type { ConnectorContext } from "@/server/sources/connector";
import type { HsAccount, HsOwner, HsPage, HsPipeline, HsStage } from "./hubspot-api";

/** A stage with the pipeline it belongs to, as the mappers name them. */
export type StagePlace = { pipeline: Ref; stage: StageRef };

/** What the mappers need beside a record: read once per run and kept in the run's cache. */
export type HsLookups = {
  account: HsAccount;
  /** By stage id (HubSpot stage ids are unique within a portal). */
  stages: Map<string, StagePlace>;
  pipelines: Map<string, Ref>;
  owners: Map<string, RepRef>;
};

export function account(ctx: ConnectorContext): Promise<HsAccount> {
  return cached(ctx, "hubspot:account", async () => (await ctx.http.request<HsAccount>({ url: "/account-info/v3/details" })).body);
}

export function pipelines(ctx: ConnectorContext): Promise<HsPipeline[]> {
  return cached(ctx, "hubspot:pipelines", async () => {
    const { body } = await ctx.http.request<{ results: HsPipeline[] }>({ url: "/crm/v3/pipelines/deals" });
    return body.results.filter((p) => !p.archived).sort((a, b) => a.displayOrder - b.displayOrder);
  });
}

/** What HubSpot says a stage means: closed at probability 1.0 is won, closed at 0.0 is lost. */
export function stageOutcome(stage: HsStage): "open" | "won" | "lost" {
  if (stage.metadata?.isClosed !== "true") return "open";
  return Number(stage.metadata.probability) >= 1 ? "won" : "lost";
}

export function lookups(ctx: ConnectorContext): Promise<HsLookups> {
  return cached(ctx, "hubspot:lookups", async () => {
    // One after another: the first request may find the token expired, and the engine refreshes it once.
    const portal = await account(ctx);
    const all = await pipelines(ctx);
    const owners = await readOwners(ctx);
    const stages = new Map<string, StagePlace>();
    for (const p of all) {
      const pipeline = { externalId: p.id, name: p.label };
      for (const s of p.stages) {
        const outcome = stageOutcome(s);
        stages.set(s.id, { pipeline, stage: { externalId: s.id, name: s.label, ...(outcome !== "open" && { step: outcome }) } });
      }
    }
    return {
      account: portal,
      stages,
      pipelines: new Map(all.map((p) => [p.id, { externalId: p.id, name: p.label }])),
      owners: new Map(owners.map((o) => [o.id, ownerRef(o)])),
    };
  });
}

/** Deactivated owners (old deals still name them), then active ones, which win when an id is in both. */
async function readOwners(ctx: ConnectorContext): Promise<HsOwner[]> {
  const owners: HsOwner[] = [];
  for (const archived of [true, false]) {
    let after: string | undefined;
    do {
      const { body } = await ctx.http.request<HsPage & { results: HsOwner[] }>({ url: "/crm/v3/owners", query: { limit: 100, after, archived } });
      owners.push(...body.results);
      after = body.paging?.next?.after;
    } while (after);
  }
  return owners;
}

function ownerRef(owner: HsOwner): RepRef {
  const name = [owner.firstName, owner.lastName].filter(Boolean).join(" ").trim() || owner.email || `Owner ${owner.id}`;
  return { externalId: owner.id, name, ...(owner.email && { email: owner.email }) };
}

async function cached<T>(ctx: ConnectorContext, key: string, load: () => Promise<T>): Promise<T> {
  if (!ctx.cache.has(key)) ctx.cache.set(key, load());
  return (await ctx.cache.get(key)) as T;
}

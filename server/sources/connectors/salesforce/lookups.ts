import type { Ref, RepRef, StageRef } from "@/server/ingest/schemas/common";
import type { ConnectorContext } from "@/server/sources/connector";
import { queryAll, sfRequest } from "./query";
import { API_PATH, type SfOrganization, type SfStage, type SfUser } from "./salesforce-api";

/** Salesforce has one opportunity stage list per org: the connector shows it as one pipeline. */
export const OPPORTUNITY_PIPELINE: Ref = { externalId: "opportunities", name: "Opportunities" };

/** What the mappers need beside a record: read once per run and kept in the run's cache. */
export type SfLookups = {
  organization: SfOrganization;
  /** By API name, which is what Opportunity.StageName and OpportunityHistory.StageName hold. */
  stages: Map<string, StageRef>;
  users: Map<string, RepRef>;
  /** The org's address (the connection's instance URL), for links to opportunities. */
  instanceUrl: string;
  /** Only multi-currency orgs have Opportunity.CurrencyIsoCode; asking for it elsewhere is an error. */
  multiCurrency: boolean;
};

export function organization(ctx: ConnectorContext): Promise<SfOrganization> {
  return cached(ctx, "salesforce:organization", async () => {
    const [org] = await queryAll<SfOrganization>(ctx, "SELECT Id, Name, DefaultCurrencyIsoCode FROM Organization");
    return org!;
  });
}

export function stages(ctx: ConnectorContext): Promise<SfStage[]> {
  return cached(ctx, "salesforce:stages", () =>
    queryAll<SfStage>(ctx, "SELECT ApiName, MasterLabel, SortOrder, DefaultProbability, IsWon, IsClosed, IsActive FROM OpportunityStage ORDER BY SortOrder"),
  );
}

export function stageOutcome(stage: Pick<SfStage, "IsWon" | "IsClosed">): "open" | "won" | "lost" {
  return stage.IsWon ? "won" : stage.IsClosed ? "lost" : "open";
}

export function lookups(ctx: ConnectorContext): Promise<SfLookups> {
  return cached(ctx, "salesforce:lookups", async () => {
    // One after another: the first request may find the token expired, and the engine refreshes it once.
    const org = await organization(ctx);
    const stageList = await stages(ctx);
    const users = await queryAll<SfUser>(ctx, "SELECT Id, Name, Email FROM User");
    const described = await sfRequest<{ fields: { name: string }[] }>(ctx, { url: `${API_PATH}/sobjects/Opportunity/describe` });
    return {
      organization: org,
      stages: new Map(stageList.map((s) => [s.ApiName, stageRef(s)])),
      users: new Map(users.map((u) => [u.Id, { externalId: u.Id, name: u.Name || u.Email || u.Id, ...(u.Email && { email: u.Email }) }])),
      instanceUrl: ctx.credentials().baseUrl,
      multiCurrency: described.fields.some((f) => f.name === "CurrencyIsoCode"),
    };
  });
}

function stageRef(stage: SfStage): StageRef {
  const outcome = stageOutcome(stage);
  return { externalId: stage.ApiName, name: stage.MasterLabel, ...(outcome !== "open" && { step: outcome }) };
}

/** A stage by API name; one removed from the picklist since keeps its name. */
export function stageNamed(apiName: string, lookups: SfLookups): StageRef {
  return lookups.stages.get(apiName) ?? { externalId: apiName, name: apiName };
}

export function user(id: string | null | undefined, lookups: SfLookups): RepRef | undefined {
  if (!id) return undefined;
  return lookups.users.get(id) ?? { externalId: id, name: id };
}

async function cached<T>(ctx: ConnectorContext, key: string, load: () => Promise<T>): Promise<T> {
  if (!ctx.cache.has(key)) ctx.cache.set(key, load());
  return (await ctx.cache.get(key)) as T;
}

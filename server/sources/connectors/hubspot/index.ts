import type { Connector } from "@/server/sources/connector";
import { account, pipelines, stageOutcome } from "./lookups";
import { hubspotOAuth, refreshHubSpotToken } from "./oauth";
import { hubspotStreams } from "./streams";

/**
 * HubSpot CRM v3. Credentials: `{ baseUrl: "https://api.hubapi.com", accessToken }` for a private-app token, plus
 * `refreshToken` for an OAuth connection (its access token lasts 30 minutes).
 */
export const hubspotConnector: Connector = {
  kind: "hubspot",
  authorize: (credentials) => ({ headers: { authorization: `Bearer ${credentials.accessToken}` } }),
  refresh: refreshHubSpotToken,
  async identify(ctx) {
    const { portalId } = await account(ctx);
    return { accountId: String(portalId), name: `HubSpot ${portalId}` };
  },
  async listPipelines(ctx) {
    return (await pipelines(ctx)).map((p) => ({
      externalId: p.id,
      name: p.label,
      stages: p.stages
        .filter((s) => !s.archived)
        .sort((a, b) => a.displayOrder - b.displayOrder)
        .map((s, position) => {
          const probability = Number(s.metadata?.probability);
          return {
            externalId: s.id,
            name: s.label,
            position,
            outcome: stageOutcome(s),
            ...(Number.isFinite(probability) && { probability: Math.round(probability * 100) }),
          };
        }),
    }));
  },
  streams: hubspotStreams,
  oauth: hubspotOAuth,
};

import type { Connector } from "@/server/sources/connector";
import { me, pipelinesAndStages } from "./lookups";
import { mapPipelines } from "./map-pipelines";
import { pipedriveOAuth, refreshPipedriveToken } from "./oauth";
import { pipedriveStreams } from "./streams";

/**
 * Pipedrive: a personal API token (`apiToken`, sent as x-api-token, baseUrl https://api.pipedrive.com or the
 * company's own domain) or OAuth (`accessToken` + `refreshToken`, baseUrl = the token response's api_domain).
 */
export const pipedriveConnector: Connector = {
  kind: "pipedrive",
  authorize(credentials): { headers: Record<string, string> } {
    if (credentials.accessToken) return { headers: { authorization: `Bearer ${credentials.accessToken}` } };
    return { headers: { "x-api-token": credentials.apiToken ?? "" } };
  },
  refresh: refreshPipedriveToken,
  async identify(ctx) {
    const who = await me(ctx);
    return { accountId: String(who.company_id), name: who.company_name };
  },
  async listPipelines(ctx) {
    const { pipelines, stages } = await pipelinesAndStages(ctx);
    return mapPipelines(pipelines, stages);
  },
  streams: pipedriveStreams,
  oauth: pipedriveOAuth,
};

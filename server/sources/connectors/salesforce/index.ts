import type { Connector } from "@/server/sources/connector";
import { OPPORTUNITY_PIPELINE, organization, stageOutcome, stages } from "./lookups";
import { describeSalesforceError } from "./describe-error";
import { refreshSalesforceToken, salesforceOAuth } from "./oauth";
import { salesforceStreams } from "./streams";

/**
 * Salesforce REST API v60.0. Credentials: `{ baseUrl: instance_url, accessToken }`, plus `refreshToken` for an OAuth
 * connection (the access token lives as long as the org's session timeout).
 */
export const salesforceConnector: Connector = {
  kind: "salesforce",
  authorize: (credentials) => ({ headers: { authorization: `Bearer ${credentials.accessToken}` } }),
  refresh: refreshSalesforceToken,
  describeError: describeSalesforceError,
  async identify(ctx) {
    const org = await organization(ctx);
    return { accountId: org.Id, name: org.Name };
  },
  async listPipelines(ctx) {
    const active = (await stages(ctx)).filter((s) => s.IsActive);
    return [
      {
        ...OPPORTUNITY_PIPELINE,
        stages: active.map((s, position) => ({
          externalId: s.ApiName,
          name: s.MasterLabel,
          position,
          outcome: stageOutcome(s),
          ...(s.DefaultProbability != null && { probability: s.DefaultProbability }),
        })),
      },
    ];
  },
  streams: salesforceStreams,
  oauth: salesforceOAuth,
};

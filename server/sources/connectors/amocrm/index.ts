import type { Connector } from "@/server/sources/connector";
import { account, pipelines } from "./amocrm-api";
import { mapPipelines } from "./mapping";
import { amocrmOAuth, refreshAmocrm } from "./oauth";
import { amocrmStreams } from "./streams";

/**
 * amoCRM API v4 (Kommo is the same API). Credentials: `baseUrl` https://{subdomain}.amocrm.ru and `accessToken`
 * (a long-lived token, or an OAuth access token with `refreshToken` and `redirectUri`; the integration's client id
 * and secret come from AMOCRM_CLIENT_ID / AMOCRM_CLIENT_SECRET).
 */
export const amocrmConnector: Connector = {
  kind: "amocrm",
  authorize: (credentials) => ({ headers: { authorization: `Bearer ${credentials.accessToken ?? ""}` } }),
  refresh: refreshAmocrm,
  async identify(ctx) {
    const acc = await account(ctx);
    return { accountId: String(acc.id), name: acc.name || acc.subdomain };
  },
  listPipelines: async (ctx) => mapPipelines(await pipelines(ctx)),
  streams: amocrmStreams,
  oauth: amocrmOAuth,
};

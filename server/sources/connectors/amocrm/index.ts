import type { Connector } from "@/server/sources/connector";
import { account, pipelines } from "./amocrm-api";
import { mapPipelines } from "./mapping";
import { amocrmOAuth, refreshAmocrm } from "./oauth";
import { amocrmStreams } from "./streams";

/**
 * amoCRM API v4 (Kommo is the same API). Credentials: `baseUrl` https://{subdomain}.amocrm.ru and `accessToken`
 * (a long-lived token, or an OAuth access token with `refreshToken`, `clientId`, `clientSecret`, `redirectUri`).
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

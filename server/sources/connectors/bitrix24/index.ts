import type { Connector } from "@/server/sources/connector";
import { bxCall, funnels, portalUrl } from "./bitrix24-api";
import { mapPipelines } from "./mapping";
import { describeBitrix24Error } from "./describe-error";
import { bitrix24OAuth, refreshBitrix24 } from "./oauth";
import { bitrix24Streams } from "./streams";

/**
 * Bitrix24 REST. Credentials: an inbound webhook (`baseUrl` https://{portal}/rest/{user}/{code}/, nothing else),
 * or an OAuth application (`baseUrl` = the client endpoint https://{portal}/rest/, `accessToken` sent as `auth`,
 * `refreshToken`, `memberId`; the application's id and secret come from BITRIX24_CLIENT_ID / BITRIX24_CLIENT_SECRET).
 */
export const bitrix24Connector: Connector = {
  kind: "bitrix24",
  authorize: (credentials) => (credentials.accessToken ? { query: { auth: credentials.accessToken } } : {}),
  describeError: describeBitrix24Error,
  refresh: refreshBitrix24,
  async identify(ctx) {
    // `profile` answers for any webhook or token and fails when they are wrong.
    await bxCall(ctx, "profile");
    const { baseUrl, memberId } = ctx.credentials();
    const host = new URL(portalUrl(baseUrl)).host;
    return { accountId: memberId ?? host, name: host };
  },
  async listPipelines(ctx) {
    const { categories, statuses } = await funnels(ctx);
    return mapPipelines(categories, statuses);
  },
  streams: bitrix24Streams,
  oauth: bitrix24OAuth,
};

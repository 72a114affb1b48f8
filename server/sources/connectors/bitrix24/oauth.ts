import { SourceHttpError, type Credentials, type OAuthSpec, type SourceHttp } from "@/server/sources/connector";

/** Bitrix24 issues and renews OAuth tokens for every portal (cloud or on-premise) at this one server. */
export const BITRIX_TOKEN_URL = "https://oauth.bitrix.info/oauth/token/";

type TokenResponse = { access_token: string; refresh_token: string; expires_in: number; client_endpoint: string; member_id: string; domain?: string };

const portalHost = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i;

function credentialsOf(tokens: TokenResponse, tokenUrl: string | undefined, now: number): Credentials {
  return {
    baseUrl: tokens.client_endpoint,
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    expiresAt: new Date(now + tokens.expires_in * 1000).toISOString(),
    memberId: tokens.member_id,
    // Only tests point a connection at another token server.
    ...(tokenUrl ? { tokenUrl } : {}),
  };
}

export const bitrix24OAuth: OAuthSpec = {
  /** Authorization starts on the person's own portal, so the wizard asks for its address first. */
  authorizeUrl({ clientId, state, accountHint }) {
    const host = (accountHint ?? "").trim().replace(/^https?:\/\//, "").replace(/\/.*$/, "");
    if (!portalHost.test(host)) throw new SourceHttpError(400, { key: "sources.crm.bitrix24.portalRequired" }, false);
    return `https://${host.toLowerCase()}/oauth/authorize/?${new URLSearchParams({ client_id: clientId, state })}`;
  },
  async exchangeCode({ clientId, clientSecret, code }) {
    const query = new URLSearchParams({ grant_type: "authorization_code", client_id: clientId, client_secret: clientSecret, code });
    const response = await fetch(`${BITRIX_TOKEN_URL}?${query}`, { headers: { accept: "application/json" } });
    if (!response.ok) throw new SourceHttpError(response.status, { key: "sources.crm.bitrix24.codeRefused" }, false);
    return credentialsOf((await response.json()) as TokenResponse, undefined, Date.now());
  },
};

/** A new access token (it lives one hour) from the refresh token; a webhook cannot be renewed. */
export async function refreshBitrix24(credentials: Credentials, http: SourceHttp): Promise<Credentials> {
  const { refreshToken, tokenUrl } = credentials;
  const clientId = process.env.BITRIX24_CLIENT_ID;
  const clientSecret = process.env.BITRIX24_CLIENT_SECRET;
  if (!refreshToken || !clientId || !clientSecret) throw new SourceHttpError(401, { key: "sources.crm.bitrix24.webhookRefused" }, false);
  const { body } = await http.request<TokenResponse>({
    url: tokenUrl ?? BITRIX_TOKEN_URL,
    query: { grant_type: "refresh_token", client_id: clientId, client_secret: clientSecret, refresh_token: refreshToken },
  });
  return credentialsOf(body, tokenUrl, Date.now());
}

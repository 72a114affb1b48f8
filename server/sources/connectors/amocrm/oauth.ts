import { SourceHttpError, type Credentials, type OAuthSpec, type SourceHttp } from "@/server/sources/connector";

/** amoCRM (and Kommo, the same API) accounts live on their own subdomain; tokens are issued there too. */
const accountHost = /^[a-z0-9-]+\.(amocrm\.ru|amocrm\.com|kommo\.com)$/i;

type TokenResponse = { token_type: string; expires_in: number; access_token: string; refresh_token: string };

/** The callback's `referer` is the account's host; anything else is refused so the client secret goes nowhere else. */
export function accountBaseUrl(referer: string | undefined): string {
  const host = (referer ?? "").replace(/^https?:\/\//, "").replace(/\/.*$/, "");
  if (!accountHost.test(host)) throw new SourceHttpError(400, { key: "sources.crm.amocrm.badAccount" }, false);
  return `https://${host.toLowerCase()}`;
}

/** The redirect URI goes along: amoCRM wants the one the integration was authorized with on every refresh. */
function credentialsOf(baseUrl: string, tokens: TokenResponse, redirectUri: string, now: number): Credentials {
  return {
    baseUrl,
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    expiresAt: new Date(now + tokens.expires_in * 1000).toISOString(),
    redirectUri,
  };
}

export const amocrmOAuth: OAuthSpec = {
  authorizeUrl: ({ clientId, state }) => `https://www.amocrm.ru/oauth?${new URLSearchParams({ client_id: clientId, state, mode: "post_message" })}`,
  async exchangeCode({ clientId, clientSecret, redirectUri, code, callbackQuery }) {
    const baseUrl = accountBaseUrl(callbackQuery.referer);
    const response = await fetch(`${baseUrl}/oauth2/access_token`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ client_id: clientId, client_secret: clientSecret, grant_type: "authorization_code", code, redirect_uri: redirectUri }),
    });
    if (!response.ok) throw new SourceHttpError(response.status, { key: "sources.crm.amocrm.codeRefused" }, false);
    return credentialsOf(baseUrl, (await response.json()) as TokenResponse, redirectUri, Date.now());
  },
};

/**
 * A new token pair for an OAuth connection. amoCRM refresh tokens are single-use: the old one stops working as
 * soon as this succeeds, so the caller must store the returned credentials before anything else.
 */
export async function refreshAmocrm(credentials: Credentials, http: SourceHttp): Promise<Credentials> {
  const { baseUrl, refreshToken, redirectUri } = credentials;
  const clientId = process.env.AMOCRM_CLIENT_ID;
  const clientSecret = process.env.AMOCRM_CLIENT_SECRET;
  if (!refreshToken || !clientId || !clientSecret || !redirectUri) {
    // A long-lived token cannot be renewed: the person has to paste a new one.
    throw new SourceHttpError(401, { key: "sources.crm.amocrm.tokenExpired" }, false);
  }
  const { body } = await http.request<TokenResponse>({
    method: "POST",
    url: "/oauth2/access_token",
    json: { client_id: clientId, client_secret: clientSecret, grant_type: "refresh_token", refresh_token: refreshToken, redirect_uri: redirectUri },
  });
  return credentialsOf(baseUrl, body, redirectUri, Date.now());
}

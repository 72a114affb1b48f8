import { SourceHttpError, type Credentials, type OAuthSpec } from "@/server/sources/connector";

/** Where people sign in: production orgs by default; SALESFORCE_LOGIN_URL=https://test.salesforce.com for sandboxes. */
const loginUrl = () => process.env.SALESFORCE_LOGIN_URL ?? "https://login.salesforce.com";

type TokenResponse = { access_token?: string; refresh_token?: string; instance_url?: string };

const reconnect = () => new SourceHttpError(401, { key: "sources.crm.salesforce.reconnect" }, false);

async function requestToken(tokenOrigin: string, form: Record<string, string>): Promise<TokenResponse & { access_token: string }> {
  const response = await fetch(`${tokenOrigin}/services/oauth2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams(form),
  });
  const token = response.ok ? ((await response.json()) as TokenResponse) : {};
  if (!token.access_token) throw reconnect();
  return { ...token, access_token: token.access_token };
}

/**
 * A new access token from the refresh token (the org's own token endpoint serves it). Salesforce returns no new
 * refresh token unless the org rotates them. A pasted access token has no refresh token: connect again.
 */
export async function refreshSalesforceToken(credentials: Credentials): Promise<Credentials> {
  const clientId = process.env.SALESFORCE_CLIENT_ID;
  const clientSecret = process.env.SALESFORCE_CLIENT_SECRET;
  if (!credentials.refreshToken || !clientId || !clientSecret) throw reconnect();
  const token = await requestToken(credentials.baseUrl, {
    grant_type: "refresh_token",
    client_id: clientId,
    client_secret: clientSecret,
    refresh_token: credentials.refreshToken,
  });
  return {
    baseUrl: token.instance_url ?? credentials.baseUrl,
    accessToken: token.access_token,
    refreshToken: token.refresh_token ?? credentials.refreshToken,
  };
}

export const salesforceOAuth: OAuthSpec = {
  authorizeUrl({ clientId, redirectUri, state }) {
    const url = new URL("/services/oauth2/authorize", loginUrl());
    url.search = new URLSearchParams({ response_type: "code", client_id: clientId, redirect_uri: redirectUri, state, scope: "api refresh_token" }).toString();
    return url.toString();
  },
  async exchangeCode({ clientId, clientSecret, redirectUri, code }) {
    const token = await requestToken(loginUrl(), { grant_type: "authorization_code", client_id: clientId, client_secret: clientSecret, redirect_uri: redirectUri, code });
    if (!token.instance_url) throw reconnect();
    return { baseUrl: token.instance_url, accessToken: token.access_token, refreshToken: token.refresh_token };
  },
};

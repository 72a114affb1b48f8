import { SourceHttpError, type Credentials, type OAuthSpec } from "@/server/sources/connector";

/** Pipedrive's OAuth server; PIPEDRIVE_OAUTH_URL points tests at a fake one. */
const oauthOrigin = () => process.env.PIPEDRIVE_OAUTH_URL ?? "https://oauth.pipedrive.com";

type TokenResponse = { access_token: string; refresh_token: string; expires_in?: number; api_domain: string };

/** POSTs to the token endpoint with HTTP Basic client credentials, as Pipedrive asks. */
async function requestToken(clientId: string, clientSecret: string, form: Record<string, string>): Promise<Credentials> {
  const response = await fetch(`${oauthOrigin()}/oauth/token`, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams(form),
  });
  if (!response.ok) throw new SourceHttpError(response.status, { key: "sources.connect.errors.unauthorized" }, false);
  const token = (await response.json()) as TokenResponse;
  return { baseUrl: token.api_domain, accessToken: token.access_token, refreshToken: token.refresh_token };
}

export const pipedriveOAuth: OAuthSpec = {
  authorizeUrl({ clientId, redirectUri, state }) {
    const url = new URL("/oauth/authorize", oauthOrigin());
    url.search = new URLSearchParams({ client_id: clientId, redirect_uri: redirectUri, state }).toString();
    return url.toString();
  },
  exchangeCode({ clientId, clientSecret, redirectUri, code }) {
    return requestToken(clientId, clientSecret, { grant_type: "authorization_code", code, redirect_uri: redirectUri });
  },
};

/** A new access token for an OAuth connection (the refresh token lasts 60 days unused; each use renews it). */
export async function refreshPipedriveToken(credentials: Credentials): Promise<Credentials> {
  const clientId = process.env.PIPEDRIVE_CLIENT_ID;
  const clientSecret = process.env.PIPEDRIVE_CLIENT_SECRET;
  if (!credentials.refreshToken || !clientId || !clientSecret) {
    throw new SourceHttpError(401, { key: "sources.connect.errors.unauthorized" }, false);
  }
  const fresh = await requestToken(clientId, clientSecret, { grant_type: "refresh_token", refresh_token: credentials.refreshToken });
  return { ...fresh, baseUrl: fresh.baseUrl || credentials.baseUrl };
}

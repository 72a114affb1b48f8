import { SourceHttpError, type Credentials, type OAuthSpec, type SourceHttp } from "@/server/sources/connector";

/** Pipedrive's OAuth server; PIPEDRIVE_OAUTH_URL points tests at a fake one. */
const oauthOrigin = () => process.env.PIPEDRIVE_OAUTH_URL ?? "https://oauth.pipedrive.com";

type TokenResponse = { access_token: string; refresh_token: string; expires_in?: number; api_domain: string };

const basic = (clientId: string, clientSecret: string) => `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`;
const credentialsOf = (token: TokenResponse): Credentials => ({ baseUrl: token.api_domain, accessToken: token.access_token, refreshToken: token.refresh_token });

/** POSTs to the token endpoint with HTTP Basic client credentials, as Pipedrive asks (no run yet, so plain fetch). */
async function requestToken(clientId: string, clientSecret: string, form: Record<string, string>): Promise<Credentials> {
  const response = await fetch(`${oauthOrigin()}/oauth/token`, {
    method: "POST",
    headers: { authorization: basic(clientId, clientSecret), "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form),
  });
  if (!response.ok) throw new SourceHttpError(response.status, { key: "sources.connect.errors.unauthorized" }, false);
  return credentialsOf((await response.json()) as TokenResponse);
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
export async function refreshPipedriveToken(credentials: Credentials, http: SourceHttp): Promise<Credentials> {
  const clientId = process.env.PIPEDRIVE_CLIENT_ID;
  const clientSecret = process.env.PIPEDRIVE_CLIENT_SECRET;
  if (!credentials.refreshToken || !clientId || !clientSecret) {
    throw new SourceHttpError(401, { key: "sources.connect.errors.unauthorized" }, false);
  }
  const { body } = await http.request<TokenResponse>({
    method: "POST",
    url: `${oauthOrigin()}/oauth/token`,
    headers: { authorization: basic(clientId, clientSecret) },
    form: { grant_type: "refresh_token", refresh_token: credentials.refreshToken },
  });
  const fresh = credentialsOf(body);
  return { ...fresh, baseUrl: fresh.baseUrl || credentials.baseUrl };
}

import { SourceHttpError, type Credentials, type OAuthSpec } from "@/server/sources/connector";

export const HUBSPOT_API_URL = "https://api.hubapi.com";

/** Deals, pipelines and owners; calls, meetings and e-mails are read under the contacts scope. */
const scopes = ["oauth", "crm.objects.deals.read", "crm.objects.owners.read", "crm.objects.contacts.read", "crm.schemas.deals.read"];

type TokenResponse = { access_token?: string; refresh_token?: string };

const reconnect = () => new SourceHttpError(401, { key: "sources.crm.hubspot.reconnect" }, false);

/** The v3 token endpoint (v1 is retired on 2027-02-16) takes every parameter in the form body. */
async function requestToken(baseUrl: string, form: Record<string, string>): Promise<Credentials> {
  const response = await fetch(`${baseUrl}/oauth/v3/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams(form),
  });
  const token = response.ok ? ((await response.json()) as TokenResponse) : {};
  if (!token.access_token) throw reconnect();
  return { baseUrl, accessToken: token.access_token, refreshToken: token.refresh_token ?? form.refresh_token };
}

/** A new 30-minute access token for an OAuth connection; a private-app token (no refresh token) cannot be renewed. */
export async function refreshHubSpotToken(credentials: Credentials): Promise<Credentials> {
  const clientId = process.env.HUBSPOT_CLIENT_ID;
  const clientSecret = process.env.HUBSPOT_CLIENT_SECRET;
  if (!credentials.refreshToken || !clientId || !clientSecret) throw reconnect();
  return requestToken(credentials.baseUrl, {
    grant_type: "refresh_token",
    client_id: clientId,
    client_secret: clientSecret,
    refresh_token: credentials.refreshToken,
  });
}

export const hubspotOAuth: OAuthSpec = {
  authorizeUrl({ clientId, redirectUri, state }) {
    const url = new URL("https://app.hubspot.com/oauth/authorize");
    url.search = new URLSearchParams({ client_id: clientId, redirect_uri: redirectUri, scope: scopes.join(" "), state }).toString();
    return url.toString();
  },
  exchangeCode({ clientId, clientSecret, redirectUri, code }) {
    return requestToken(HUBSPOT_API_URL, { grant_type: "authorization_code", client_id: clientId, client_secret: clientSecret, redirect_uri: redirectUri, code });
  },
};

import { afterEach, describe, expect, it, vi } from "vitest";
import { hubspotOAuth } from "./oauth";

afterEach(() => vi.restoreAllMocks());

describe("HubSpot OAuth", () => {
  it("sends people to HubSpot's install page with the app, the callback, the scopes and the state", () => {
    const url = new URL(hubspotOAuth.authorizeUrl({ clientId: "app-1", redirectUri: "https://sp.example/api/sources/oauth/hubspot/callback", state: "s-1" }));
    expect(url.origin + url.pathname).toBe("https://app.hubspot.com/oauth/authorize");
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ client_id: "app-1", redirect_uri: "https://sp.example/api/sources/oauth/hubspot/callback", state: "s-1" });
    expect(url.searchParams.get("scope")).toContain("crm.objects.deals.read");
  });

  it("exchanges the code at the v3 token endpoint (parameters in the body) for tokens on api.hubapi.com", async () => {
    const fetch = vi.spyOn(globalThis, "fetch").mockResolvedValue(Response.json({ access_token: "at-1", refresh_token: "rt-1", expires_in: 1800 }));
    const credentials = await hubspotOAuth.exchangeCode({ clientId: "app-1", clientSecret: "secret", redirectUri: "https://sp.example/cb", code: "code-1", callbackQuery: {} });
    expect(credentials).toEqual({ baseUrl: "https://api.hubapi.com", accessToken: "at-1", refreshToken: "rt-1" });
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe("https://api.hubapi.com/oauth/v3/token");
    expect(Object.fromEntries(new URLSearchParams(String(init!.body)))).toEqual({ grant_type: "authorization_code", client_id: "app-1", client_secret: "secret", redirect_uri: "https://sp.example/cb", code: "code-1" });
  });

  it("a refused code is a readable error", async () => {
    vi.spyOn(globalThis, "fetch").mockResolvedValue(Response.json({ status: "BAD_AUTH_CODE" }, { status: 400 }));
    await expect(hubspotOAuth.exchangeCode({ clientId: "a", clientSecret: "b", redirectUri: "c", code: "d", callbackQuery: {} })).rejects.toMatchObject({ sourceMessage: { key: "sources.crm.hubspot.reconnect" } });
  });
});

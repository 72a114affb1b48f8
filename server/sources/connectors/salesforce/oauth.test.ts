import { afterEach, describe, expect, it, vi } from "vitest";
import { salesforceOAuth } from "./oauth";

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe("Salesforce OAuth", () => {
  it("sends people to the login host (a sandbox's when configured) with the web-server flow's parameters", () => {
    vi.stubEnv("SALESFORCE_LOGIN_URL", "https://test.salesforce.com");
    const url = new URL(salesforceOAuth.authorizeUrl({ clientId: "cid", redirectUri: "https://sp.example/cb", state: "s-1" }));
    expect(url.origin + url.pathname).toBe("https://test.salesforce.com/services/oauth2/authorize");
    expect(Object.fromEntries(url.searchParams)).toEqual({ response_type: "code", client_id: "cid", redirect_uri: "https://sp.example/cb", state: "s-1", scope: "api refresh_token" });
  });

  it("exchanges the code for tokens whose instance_url becomes the connection's base", async () => {
    const fetch = vi.spyOn(globalThis, "fetch").mockResolvedValue(
      Response.json({ access_token: "00D!at", refresh_token: "rt", instance_url: "https://acme.my.salesforce.com", id: "https://login.salesforce.com/id/00D/005", issued_at: "1700000000000", signature: "x" }),
    );
    const credentials = await salesforceOAuth.exchangeCode({ clientId: "cid", clientSecret: "sec", redirectUri: "https://sp.example/cb", code: "c-1", callbackQuery: {} });
    expect(credentials).toEqual({ baseUrl: "https://acme.my.salesforce.com", accessToken: "00D!at", refreshToken: "rt" });
    expect(fetch.mock.calls[0]![0]).toBe("https://login.salesforce.com/services/oauth2/token");
  });
});

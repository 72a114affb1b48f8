import { afterEach, describe, expect, it, vi } from "vitest";
import { accountBaseUrl, amocrmOAuth } from "./oauth";

afterEach(() => vi.unstubAllGlobals());

describe("amoCRM OAuth", () => {
  it("takes the account from the callback's referer and refuses any other host", () => {
    expect(accountBaseUrl("acme.amocrm.ru")).toBe("https://acme.amocrm.ru");
    expect(accountBaseUrl("https://Acme.kommo.com/")).toBe("https://acme.kommo.com");
    for (const bad of [undefined, "", "evil.example.com", "acme.amocrm.ru.evil.com", "127.0.0.1:8080"]) {
      expect(() => accountBaseUrl(bad)).toThrow("sources.crm.amocrm.badAccount");
    }
  });

  it("exchanges the code at the account's own token endpoint and keeps the redirect URI for refreshes", async () => {
    const fetchMock = vi.fn(async () => Response.json({ token_type: "Bearer", expires_in: 86400, access_token: "a1", refresh_token: "r1" }));
    vi.stubGlobal("fetch", fetchMock);
    const credentials = await amocrmOAuth.exchangeCode({
      clientId: "id",
      clientSecret: "secret",
      redirectUri: "https://app.test/cb",
      code: "code-1",
      callbackQuery: { code: "code-1", referer: "acme.amocrm.ru", state: "s" },
    });
    expect(credentials).toMatchObject({ baseUrl: "https://acme.amocrm.ru", accessToken: "a1", refreshToken: "r1", redirectUri: "https://app.test/cb" });
    expect(credentials.clientSecret).toBeUndefined();
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe("https://acme.amocrm.ru/oauth2/access_token");
    expect(JSON.parse(String(init.body))).toEqual({ client_id: "id", client_secret: "secret", grant_type: "authorization_code", code: "code-1", redirect_uri: "https://app.test/cb" });
  });
});

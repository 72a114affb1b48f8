import { afterEach, describe, expect, it, vi } from "vitest";
import { BITRIX_TOKEN_URL, bitrix24OAuth } from "./oauth";

afterEach(() => vi.unstubAllGlobals());

describe("Bitrix24 OAuth", () => {
  it("starts on the person's portal, which must be given", () => {
    expect(bitrix24OAuth.authorizeUrl({ clientId: "app.1", redirectUri: "https://app.test/cb", state: "s1", accountHint: "https://acme.bitrix24.ru/crm/" })).toBe(
      "https://acme.bitrix24.ru/oauth/authorize/?client_id=app.1&state=s1",
    );
    expect(() => bitrix24OAuth.authorizeUrl({ clientId: "app.1", redirectUri: "https://app.test/cb", state: "s1" })).toThrow("sources.crm.bitrix24.portalRequired");
  });

  it("exchanges the code at oauth.bitrix.info and uses the client endpoint it names as the base URL", async () => {
    const fetchMock = vi.fn(async () =>
      Response.json({ access_token: "a1", refresh_token: "r1", expires_in: 3600, client_endpoint: "https://acme.bitrix24.ru/rest/", member_id: "m1", domain: "acme.bitrix24.ru" }),
    );
    vi.stubGlobal("fetch", fetchMock);
    const credentials = await bitrix24OAuth.exchangeCode({ clientId: "app.1", clientSecret: "s", redirectUri: "https://app.test/cb", code: "c1", callbackQuery: {} });
    expect(credentials).toMatchObject({ baseUrl: "https://acme.bitrix24.ru/rest/", accessToken: "a1", refreshToken: "r1", memberId: "m1" });
    expect(credentials.tokenUrl).toBeUndefined();
    const [url] = fetchMock.mock.calls[0] as unknown as [string];
    expect(url).toBe(`${BITRIX_TOKEN_URL}?grant_type=authorization_code&client_id=app.1&client_secret=s&code=c1`);
  });
});

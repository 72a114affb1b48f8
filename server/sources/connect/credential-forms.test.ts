import { describe, expect, it } from "vitest";
import { isAllowedBaseUrl } from "./allowed-hosts";
import { parseCredentialForm } from "./credential-forms";
import { createOAuthState, readOAuthState } from "./oauth-state";

describe("parseCredentialForm", () => {
  it("reads each CRM's token form into credentials with its API base", () => {
    expect(parseCredentialForm("pipedrive", { apiToken: " abc ", companyDomain: "" })).toEqual({ ok: true, credentials: { apiToken: "abc", baseUrl: "https://api.pipedrive.com" } });
    expect(parseCredentialForm("pipedrive", { apiToken: "abc", companyDomain: "acme" })).toMatchObject({ credentials: { baseUrl: "https://acme.pipedrive.com" } });
    expect(parseCredentialForm("hubspot", { accessToken: "pat-eu1-x" })).toEqual({ ok: true, credentials: { accessToken: "pat-eu1-x", baseUrl: "https://api.hubapi.com" } });
    expect(parseCredentialForm("amocrm", { subdomain: "okna", accessToken: "t" })).toMatchObject({ credentials: { baseUrl: "https://okna.amocrm.ru" } });
    expect(parseCredentialForm("amocrm", { subdomain: "https://okna.kommo.com/leads", accessToken: "t" })).toMatchObject({ credentials: { baseUrl: "https://okna.kommo.com" } });
    expect(parseCredentialForm("bitrix24", { webhookUrl: "https://okna.bitrix24.ru/rest/1/abc123/profile.json" })).toEqual({ ok: true, credentials: { baseUrl: "https://okna.bitrix24.ru/rest/1/abc123/" } });
    expect(parseCredentialForm("salesforce", { instanceUrl: "acme.my.salesforce.com", accessToken: "00D!x" })).toMatchObject({ credentials: { baseUrl: "https://acme.my.salesforce.com" } });
  });

  it("names the field of each problem with a message key", () => {
    expect(parseCredentialForm("pipedrive", { apiToken: "  " })).toEqual({ ok: false, fieldErrors: { apiToken: "sources.connect.errors.required" } });
    expect(parseCredentialForm("bitrix24", { webhookUrl: "https://okna.bitrix24.ru/crm/deal/" })).toEqual({ ok: false, fieldErrors: { webhookUrl: "sources.connect.errors.badWebhook" } });
    expect(parseCredentialForm("amocrm", { subdomain: "", accessToken: "" })).toEqual({
      ok: false,
      fieldErrors: { subdomain: "sources.connect.errors.required", accessToken: "sources.connect.errors.required" },
    });
  });
});

describe("isAllowedBaseUrl", () => {
  const strict = {};
  it("takes only https addresses on the CRM's own domains", () => {
    expect(isAllowedBaseUrl("pipedrive", "https://api.pipedrive.com", strict)).toBe(true);
    expect(isAllowedBaseUrl("pipedrive", "https://acme.pipedrive.com", strict)).toBe(true);
    expect(isAllowedBaseUrl("amocrm", "https://okna.amocrm.ru", strict)).toBe(true);
    expect(isAllowedBaseUrl("amocrm", "https://okna.kommo.com", strict)).toBe(true);
    expect(isAllowedBaseUrl("bitrix24", "https://okna.bitrix24.com.br/rest/1/x/", strict)).toBe(true);
    expect(isAllowedBaseUrl("hubspot", "https://api.hubapi.com", strict)).toBe(true);
    expect(isAllowedBaseUrl("salesforce", "https://acme.my.salesforce.com", strict)).toBe(true);
    expect(isAllowedBaseUrl("salesforce", "https://acme.lightning.force.com", strict)).toBe(true);
  });

  it("refuses internal hosts, look-alike domains, plain http, ports and user info", () => {
    expect(isAllowedBaseUrl("pipedrive", "http://acme.pipedrive.com", strict)).toBe(false);
    expect(isAllowedBaseUrl("pipedrive", "https://127.0.0.1", strict)).toBe(false);
    expect(isAllowedBaseUrl("pipedrive", "https://pipedrive.com.evil.test", strict)).toBe(false);
    expect(isAllowedBaseUrl("pipedrive", "https://evilpipedrive.com", strict)).toBe(false);
    expect(isAllowedBaseUrl("pipedrive", "https://acme.pipedrive.com:8443", strict)).toBe(false);
    expect(isAllowedBaseUrl("pipedrive", "https://user:pw@acme.pipedrive.com", strict)).toBe(false);
    expect(isAllowedBaseUrl("hubspot", "https://api.hubapi.com.evil.test", strict)).toBe(false);
    expect(isAllowedBaseUrl("amocrm", "https://okna.pipedrive.com", strict)).toBe(false);
    expect(isAllowedBaseUrl("bitrix24", "https://169.254.169.254/rest/1/x/", strict)).toBe(false);
  });

  it("lets tests and the e2e server point at local fakes with SOURCES_ALLOW_ANY_HOST=1", () => {
    expect(isAllowedBaseUrl("pipedrive", "http://127.0.0.1:3299", { SOURCES_ALLOW_ANY_HOST: "1" })).toBe(true);
    expect(isAllowedBaseUrl("pipedrive", "file:///etc/passwd", { SOURCES_ALLOW_ANY_HOST: "1" })).toBe(false);
  });
});

describe("OAuth state", () => {
  it("round-trips org and kind, and refuses a tampered, foreign-secret or expired state", () => {
    const state = createOAuthState("okna", "pipedrive", "secret-a", 1_000);
    expect(readOAuthState(state, "secret-a", 2_000)).toEqual({ orgSlug: "okna", kind: "pipedrive" });
    expect(readOAuthState(state, "secret-b", 2_000)).toBeNull();
    expect(readOAuthState(state, "secret-a", 1_000 + 16 * 60_000)).toBeNull();
    const [payload, signature] = state.split(".");
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, "base64url").toString()), org: "victim" })).toString("base64url");
    expect(readOAuthState(`${forged}.${signature}`, "secret-a", 2_000)).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { pipedriveConnector } from "@/server/sources/connectors/pipedrive";
import { oauthAvailable, oauthRedirectUri, oauthStartUrl, verifyOAuthCallback } from "./connect-oauth";

const registry = { pipedrive: pipedriveConnector };
const env = { PIPEDRIVE_CLIENT_ID: "client-1", PIPEDRIVE_CLIENT_SECRET: "s3cret", AUTH_SECRET: "auth-secret", APP_URL: "https://app.salespulse.test/" };

describe("CRM OAuth", () => {
  it("is offered only when the connector speaks OAuth and <KIND>_CLIENT_ID/SECRET are set", () => {
    expect(oauthAvailable("pipedrive", registry, env)).toBe(true);
    expect(oauthAvailable("pipedrive", registry, { ...env, PIPEDRIVE_CLIENT_SECRET: "" })).toBe(false);
    expect(oauthAvailable("hubspot", registry, { ...env, HUBSPOT_CLIENT_ID: "x", HUBSPOT_CLIENT_SECRET: "y" })).toBe(false);
  });

  it("sends the person to Pipedrive's consent page with our callback and a state only this org's callback accepts", () => {
    const url = new URL(oauthStartUrl("okna", "pipedrive", { registry, env }));
    expect(url.origin + url.pathname).toBe("https://oauth.pipedrive.com/oauth/authorize");
    expect(url.searchParams.get("client_id")).toBe("client-1");
    expect(url.searchParams.get("redirect_uri")).toBe("https://app.salespulse.test/api/sources/oauth/pipedrive/callback");
    expect(oauthRedirectUri("pipedrive", env)).toBe(url.searchParams.get("redirect_uri"));
    const state = url.searchParams.get("state")!;
    expect(verifyOAuthCallback("pipedrive", state, env)).toEqual({ orgSlug: "okna" });
    expect(() => verifyOAuthCallback("hubspot", state, env)).toThrow("sources.connect.errors.oauthState");
    expect(() => verifyOAuthCallback("pipedrive", state, { ...env, AUTH_SECRET: "other" })).toThrow("sources.connect.errors.oauthState");
    expect(() => oauthStartUrl("okna", "pipedrive", { registry, env: { ...env, PIPEDRIVE_CLIENT_ID: "" } })).toThrow("sources.connect.errors.oauthNotConfigured");
  });
});

import type { CrmKind } from "@/server/sources/connector";

/** The hosts each CRM serves its API from; a connection may only point at these (no requests to internal addresses). */
const allowedHost: Record<CrmKind, (host: string) => boolean> = {
  pipedrive: (host) => host.endsWith(".pipedrive.com"),
  amocrm: (host) => host.endsWith(".amocrm.ru") || host.endsWith(".amocrm.com") || host.endsWith(".kommo.com"),
  bitrix24: (host) => /\.bitrix24\.[a-z]{2,}(\.[a-z]{2,})?$/.test(host),
  hubspot: (host) => host === "api.hubapi.com",
  salesforce: (host) => host.endsWith(".salesforce.com") || host.endsWith(".force.com"),
};

/**
 * Whether a connection's base URL is the CRM's own: https, on the CRM's domains, default port, no user info.
 * SOURCES_ALLOW_ANY_HOST=1 lifts this for tests and the end-to-end server, which point connections at local fakes.
 */
export function isAllowedBaseUrl(kind: CrmKind, baseUrl: string, env: Record<string, string | undefined> = process.env): boolean {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return false;
  }
  if (env.SOURCES_ALLOW_ANY_HOST === "1") return url.protocol === "https:" || url.protocol === "http:";
  return url.protocol === "https:" && url.port === "" && !url.username && !url.password && allowedHost[kind](url.hostname.toLowerCase());
}

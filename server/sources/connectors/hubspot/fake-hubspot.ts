import type { IncomingMessage, ServerResponse } from "node:http";
import { sendJson, startFakeServer } from "@/server/sources/testing/fake-server";
import type { HsAccount, HsObject, HsOwner, HsPipeline } from "./hubspot-api";

/** What the fake portal holds; tests change it between syncs. */
export type FakeHubSpotPortal = {
  account: HsAccount;
  pipelines: HsPipeline[];
  owners: HsOwner[];
  /** Deals with every property and their dealstage history (newest first). */
  deals: HsObject[];
  archivedDeals: HsObject[];
  /** Calls, meetings and e-mails with their deal associations. */
  activities: Record<"calls" | "meetings" | "emails", HsObject[]>;
  /** The access token the portal accepts now; any other gets a 401. */
  accessToken: string;
  refreshToken: string;
  /** Paths answered once with a 429 (then served). */
  throttleOnce: Set<string>;
};

/** Records per page, whatever limit is asked, so a handful of records spans several pages. */
const PAGE = 2;

/** A local stand-in for api.hubapi.com answering the calls the connector makes, in the documented shapes. */
export async function startFakeHubSpot(portal: FakeHubSpotPortal) {
  return startFakeServer((req, res, body) => handle(portal, req, res, body));
}

function handle(portal: FakeHubSpotPortal, req: IncomingMessage, res: ServerResponse, body: string) {
  const url = new URL(req.url ?? "/", "http://fake");
  const path = url.pathname;
  if (req.method === "POST" && path === "/oauth/v3/token") {
    const form = new URLSearchParams(body);
    if (form.get("grant_type") !== "refresh_token" || form.get("refresh_token") !== portal.refreshToken) return sendJson(res, 400, { status: "BAD_REFRESH_TOKEN" });
    portal.accessToken = `fresh-${portal.accessToken}`;
    return sendJson(res, 200, { token_type: "bearer", access_token: portal.accessToken, refresh_token: portal.refreshToken, expires_in: 1800 });
  }
  if (req.headers.authorization !== `Bearer ${portal.accessToken}`) {
    return sendJson(res, 401, { status: "error", message: "The OAuth token used to make this call expired.", category: "EXPIRED_AUTHENTICATION" });
  }
  if (portal.throttleOnce.delete(path)) {
    return sendJson(res, 429, { status: "error", message: "You have reached your ten_secondly_rolling limit.", policyName: "TEN_SECONDLY_ROLLING" }, {
      "retry-after": "0.01",
      "x-hubspot-ratelimit-max": "190",
      "x-hubspot-ratelimit-remaining": "0",
    });
  }
  const json = body ? JSON.parse(body) : {};
  if (path === "/account-info/v3/details") return sendJson(res, 200, portal.account);
  if (path === "/crm/v3/pipelines/deals") return sendJson(res, 200, { results: portal.pipelines });
  if (path === "/crm/v3/owners") {
    const archived = url.searchParams.get("archived") === "true";
    return sendJson(res, 200, page(portal.owners.filter((o) => Boolean(o.archived) === archived), url.searchParams.get("after")));
  }
  const objects = path.match(/^\/crm\/v3\/objects\/(\w+)(\/search|\/batch\/read)?$/);
  if (objects) {
    const [, type, action] = objects;
    const all = type === "deals" ? portal.deals : portal.activities[type as "calls"];
    if (!all) return sendJson(res, 404, { status: "error", message: `Unknown object type ${type}` });
    if (action === "/search") return sendJson(res, 200, search(all, json));
    if (action === "/batch/read") {
      const ids = new Set((json.inputs as { id: string }[]).map((i) => i.id));
      return sendJson(res, 200, { status: "COMPLETE", results: all.filter((o) => ids.has(o.id)).map((o) => project(o, json.properties, Boolean(json.propertiesWithHistory), false)) });
    }
    const list = url.searchParams.get("archived") === "true" ? portal.archivedDeals : all;
    const result = page(list, url.searchParams.get("after"));
    const properties = url.searchParams.get("properties")?.split(",");
    return sendJson(res, 200, {
      ...result,
      results: result.results.map((o) => project(o, properties, url.searchParams.has("propertiesWithHistory"), url.searchParams.has("associations"))),
    });
  }
  const associations = path.match(/^\/crm\/v4\/associations\/(\w+)\/deals\/batch\/read$/);
  if (associations) {
    const all = portal.activities[associations[1] as "calls"];
    const ids = new Set((json.inputs as { id: string }[]).map((i) => i.id));
    const results = all
      .filter((o) => ids.has(o.id) && o.associations?.deals?.results.length)
      .map((o) => ({ from: { id: o.id }, to: o.associations!.deals!.results.map((d) => ({ toObjectId: Number(d.id), associationTypes: [{ category: "HUBSPOT_DEFINED", typeId: 206, label: null }] })) }));
    return sendJson(res, 207, { status: "COMPLETE", results });
  }
  return sendJson(res, 404, { status: "error", message: `No route ${req.method} ${path}` });
}

function page<T>(all: T[], after: string | null) {
  const offset = Number(after ?? 0);
  const next = offset + PAGE < all.length ? { paging: { next: { after: String(offset + PAGE) } } } : {};
  return { results: all.slice(offset, offset + PAGE), ...next };
}

/** The search API: hs_lastmodifieddate GTE a time (ms or ISO), ascending, paged by offset; no associations, no history. */
function search(all: HsObject[], request: { filterGroups: { filters: { propertyName: string; operator: string; value: string }[] }[]; after?: string; properties: string[] }) {
  const filter = request.filterGroups[0]!.filters[0]!;
  const from = /^\d+$/.test(filter.value) ? Number(filter.value) : Date.parse(filter.value);
  const modified = (o: HsObject) => Date.parse(o.properties.hs_lastmodifieddate ?? "");
  const matching = all.filter((o) => modified(o) >= from).sort((a, b) => modified(a) - modified(b));
  const result = page(matching, request.after ?? null);
  return { total: matching.length, ...result, results: result.results.map((o) => project(o, request.properties, false, false)) };
}

/** An object as HubSpot returns it: only the named properties (plus hs_object_id), history and associations when asked. */
function project(o: HsObject, properties: string[] | undefined, history: boolean, associations: boolean): HsObject {
  const named = ["hs_object_id", ...(properties ?? [])];
  return {
    id: o.id,
    properties: Object.fromEntries(named.map((name) => [name, name === "hs_object_id" ? o.id : (o.properties[name] ?? null)])),
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
    archived: o.archived ?? false,
    ...(o.archivedAt && { archivedAt: o.archivedAt }),
    ...(history && o.propertiesWithHistory && { propertiesWithHistory: o.propertiesWithHistory }),
    ...(associations && o.associations && { associations: o.associations }),
  };
}

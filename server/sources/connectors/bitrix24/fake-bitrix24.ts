import { sendJson, startFakeServer } from "@/server/sources/testing/fake-server";
import type { BxActivity, BxCategory, BxDeal, BxStageHistoryItem, BxStatus, BxUser } from "./mapping";

/** A portal as the fake serves it; tests change it between syncs. */
export type BxPortalData = {
  categories: BxCategory[];
  /** Status lists by ENTITY_ID (DEAL_STAGE, DEAL_STAGE_1, SOURCE). */
  statuses: Record<string, BxStatus[]>;
  users: BxUser[];
  companies: { ID: string; TITLE: string }[];
  deals: (BxDeal & { DATE_MODIFY: string })[];
  history: BxStageHistoryItem[];
  activities: BxActivity[];
};

export type FakeBitrixOptions = {
  data: BxPortalData;
  /** Rows per page of start/next lists (Bitrix24 serves 50; small here so a handful spans pages). */
  pageSize: number;
  /** Inbound webhook path that needs no token, e.g. /rest/1/hook-secret/. */
  webhookPath: string;
  client: { id: string; secret: string };
  /** The OAuth access token the first request brings; it has expired. */
  expiredAccessToken: string;
  refreshToken: string;
};

type Params = Record<string, unknown>;
type Reply = { status: number; body: unknown; headers?: Record<string, string> };

/** filter[<ID]=5&select[0]=ID → { filter: { "<ID": "5" }, select: { 0: "ID" } }, as PHP reads a query string. */
function formParams(query: string): Params {
  const params: Params = {};
  for (const [key, value] of new URLSearchParams(query)) {
    const path = key.replace(/\]/g, "").split("[");
    let node = params;
    path.slice(0, -1).forEach((part) => (node = (node[part] ??= {}) as Params));
    node[path.at(-1)!] = value;
  }
  return params;
}

const notBefore = (a: string, b: string) => Date.parse(a) >= Date.parse(b);

/**
 * A local Bitrix24 REST API: JSON method calls at {base}{method}.json, start/next pages with `total`, stage history
 * paged by >ID with start=-1, `batch`, errors as {error, error_description}; one 503 QUERY_LIMIT_EXCEEDED on the
 * second page of deals and one 429 OPERATION_TIME_LIMIT (Retry-After) on the first activities call; OAuth tokens
 * passed as `auth`, the first one expired, renewed at /oauth/token/.
 */
export async function startFakeBitrix24(options: FakeBitrixOptions) {
  const tokens = { access: new Set<string>(), refresh: new Set([options.refreshToken]), issued: 0 };
  const throttled = new Set<string>();
  let url = "";
  const { data } = options;

  function page<T>(rows: T[], params: Params): Reply {
    const start = Number(params.start ?? 0);
    const slice = rows.slice(start, start + options.pageSize);
    const next = start + options.pageSize < rows.length ? { next: start + options.pageSize } : {};
    return { status: 200, body: { result: slice, ...next, total: rows.length, time: { operating: 0 } } };
  }

  function call(method: string, params: Params): Reply {
    const filter = (params.filter ?? {}) as Record<string, string>;
    switch (method) {
      case "profile":
        return { status: 200, body: { result: { ID: "1", ADMIN: true, NAME: "Vadim", LAST_NAME: "Valeev" } } };
      case "crm.category.list":
        return { status: 200, body: { result: { categories: data.categories }, total: data.categories.length } };
      case "crm.status.list":
        return page(data.statuses[filter.ENTITY_ID ?? ""] ?? [], params);
      case "user.get":
        return page(data.users, params);
      case "crm.company.list": {
        const ids = new Set((filter["@ID"] as unknown as string[]) ?? []);
        return page(data.companies.filter((c) => ids.has(c.ID)), params);
      }
      case "crm.deal.list": {
        if (Number(params.start) === options.pageSize && !throttled.has(method)) {
          throttled.add(method);
          return { status: 503, body: { error: "QUERY_LIMIT_EXCEEDED", error_description: "Too many requests" } };
        }
        const since = filter[">=DATE_MODIFY"];
        return page(data.deals.filter((d) => !since || notBefore(d.DATE_MODIFY, since)).sort((a, b) => Number(a.ID) - Number(b.ID)), params);
      }
      case "crm.activity.list": {
        if (!throttled.has(method)) {
          throttled.add(method);
          return { status: 429, body: { error: "OPERATION_TIME_LIMIT", error_description: "Method is blocked due to operation time limit." }, headers: { "retry-after": "0.05" } };
        }
        const since = filter[">=LAST_UPDATED"];
        return page(data.activities.filter((a) => !since || notBefore(a.LAST_UPDATED!, since)).sort((a, b) => Number(a.ID) - Number(b.ID)), params);
      }
      case "crm.stagehistory.list": {
        if (Number(params.entityTypeId) !== 2) return { status: 400, body: { error: "INVALID_ARG_VALUE", error_description: "entityTypeId" } };
        const rows = data.history
          .filter((h) => filter[">ID"] === undefined || Number(h.ID) > Number(filter[">ID"]))
          .filter((h) => filter["<ID"] === undefined || Number(h.ID) < Number(filter["<ID"]))
          .filter((h) => filter.OWNER_ID === undefined || String(h.OWNER_ID) === String(filter.OWNER_ID))
          .filter((h) => !filter[">=CREATED_TIME"] || Date.parse(h.CREATED_TIME) >= Date.parse(filter[">=CREATED_TIME"]))
          .sort((a, b) => ((params.order as Params | undefined)?.ID === "DESC" ? -1 : 1) * (Number(a.ID) - Number(b.ID)));
        // start=-1 skips the count: no `next`, no `total`, and at most one page.
        if (Number(params.start) === -1) return { status: 200, body: { result: { items: rows.slice(0, 50) } } };
        const { result, ...rest } = page(rows, params).body as { result: unknown[] };
        return { status: 200, body: { result: { items: result }, ...rest } };
      }
      case "batch": {
        const results: Params = {};
        for (const [key, command] of Object.entries((params.cmd ?? {}) as Record<string, string>)) {
          const [name, query] = command.split("?");
          results[key] = (call(name!, formParams(query ?? "")).body as { result: unknown }).result;
        }
        return { status: 200, body: { result: { result: results, result_error: [] } } };
      }
      default:
        return { status: 404, body: { error: "ERROR_METHOD_NOT_FOUND", error_description: "Method not found!" } };
    }
  }

  const server = await startFakeServer((req, res, body) => {
    const requestUrl = new URL(req.url ?? "/", "http://fake");
    if (requestUrl.pathname === "/oauth/token/") {
      const q = requestUrl.searchParams;
      const ok = q.get("grant_type") === "refresh_token" && q.get("client_id") === options.client.id && q.get("client_secret") === options.client.secret;
      if (!ok || !tokens.refresh.delete(q.get("refresh_token") ?? "")) return sendJson(res, 400, { error: "invalid_grant", error_description: "Invalid refresh token" });
      tokens.issued++;
      const pair = { access: `access-${tokens.issued}`, refresh: `refresh-${tokens.issued}` };
      tokens.access.add(pair.access);
      tokens.refresh.add(pair.refresh);
      return sendJson(res, 200, {
        access_token: pair.access,
        refresh_token: pair.refresh,
        expires_in: 3600,
        client_endpoint: `${url}/rest/`,
        member_id: "member-1",
        domain: "acme.bitrix24.ru",
      });
    }
    const match = /^(.*\/)([\w.]+)\.json$/.exec(requestUrl.pathname);
    if (!match) return sendJson(res, 404, { error: "NOT_FOUND" });
    const [, base, method] = match;
    if (base !== options.webhookPath) {
      const auth = requestUrl.searchParams.get("auth") ?? "";
      if (base !== "/rest/" || !tokens.access.has(auth)) {
        const expired = auth === options.expiredAccessToken;
        return sendJson(res, 401, { error: expired ? "expired_token" : "NO_AUTH_FOUND", error_description: expired ? "The access token provided has expired." : "Wrong authorization data" });
      }
    }
    const reply = call(method!, body ? (JSON.parse(body) as Params) : {});
    sendJson(res, reply.status, reply.body, reply.headers);
  });
  url = server.url;
  return { ...server, tokensIssued: () => tokens.issued };
}

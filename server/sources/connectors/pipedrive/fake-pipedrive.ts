/**
 * A fake Pipedrive (node:http, port 0 by default) answering the documented v1/v2 shapes for the connector's calls:
 * deals in pages of 5 (v2 cursors), one 429 with Retry-After on the second deals page, per-deal flows with stage and
 * status changes, activities, pipelines/stages, users, deal fields, organizations, and OAuth token/refresh
 * (the first access token is already expired: every call with it gets a 401 until it is refreshed).
 * Used by the connector's integration test and by scripts/e2e-server.ts for the connect journey.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { PdActivity, PdDeal, PdFlowItem, PdPipeline, PdStage } from "./pipedrive-api";

export const FAKE_API_TOKEN = "fake-pipedrive-token";
export const FAKE_OAUTH = { clientId: "fake-client", clientSecret: "fake-secret", code: "fake-code", expiredAccess: "expired-access", freshAccess: "fresh-access", refresh: "fake-refresh" };
export const FAKE_COMPANY = { id: 4242, name: "Fake Windows Ltd", domain: "fakewindows" };

const pipelines: PdPipeline[] = [
  { id: 1, name: "Sales", order_nr: 1 },
  { id: 2, name: "Партнёры", order_nr: 2 },
];
const stages: PdStage[] = [
  { id: 1, order_nr: 1, name: "Qualified", pipeline_id: 1, deal_probability: 10 },
  { id: 2, order_nr: 2, name: "Contact Made", pipeline_id: 1, deal_probability: 20 },
  { id: 3, order_nr: 3, name: "Demo Scheduled", pipeline_id: 1, deal_probability: 40 },
  { id: 4, order_nr: 4, name: "Proposal Made", pipeline_id: 1, deal_probability: 60 },
  { id: 5, order_nr: 5, name: "Negotiations Started", pipeline_id: 1, deal_probability: 80 },
  { id: 6, order_nr: 1, name: "Первичный контакт", pipeline_id: 2, deal_probability: 10 },
  { id: 7, order_nr: 2, name: "Переговоры", pipeline_id: 2, deal_probability: 50 },
  { id: 8, order_nr: 3, name: "Договор подписан", pipeline_id: 2, deal_probability: 90 },
];
const users = [
  { id: 1, name: "Anna Sales", email: "anna@fakewindows.test" },
  { id: 2, name: "Borys Sales", email: "borys@fakewindows.test" },
];
const organizations = [
  { id: 100, name: "Acme Homes" },
  { id: 101, name: "Globex Offices" },
];

const v1 = (iso: string) => iso.replace("T", " ").replace(/\.\d{3}Z$|Z$/, "");
const at = (base: number, minutes: number) => new Date(base + minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");

/** What the fake serves, for assertions: 12 deals (5 won, 3 lost, 3 open, 1 malformed) and 1 deleted. */
export const FAKE_EXPECTED = { deals: 11, won: 5, lost: 3, open: 3, malformed: 1, wonValue: 5 * 1000 + 100 * (1 + 2 + 3 + 4 + 5) };

type FakeData = { deals: PdDeal[]; deleted: PdDeal[]; flows: Map<number, PdFlowItem[]>; activities: PdActivity[] };

/** Deterministic data dated relative to `now`: created 5–8 hours ago, closed within the last hour. */
function fakeData(now: number): FakeData {
  const start = now - 8 * 60 * 60_000;
  const deals: PdDeal[] = [];
  const flows = new Map<number, PdFlowItem[]>();
  const activities: PdActivity[] = [];
  for (let id = 1; id <= 12; id++) {
    const pipeline = id % 4 === 0 ? 2 : 1;
    const path = stages.filter((s) => s.pipeline_id === pipeline).slice(0, 1 + (id % 3));
    const status = id <= 5 ? "won" : id <= 8 ? "lost" : "open";
    const added = at(start, id * 10);
    const closed = at(now, -60 + id);
    const moves = path.slice(1).map((stage, i) => ({ from: path[i]!.id, to: stage.id, time: at(start, id * 10 + 30 * (i + 1)) }));
    deals.push({
      id,
      title: `Windows for house ${id}`,
      owner_id: 1 + (id % 2),
      value: 1000 + 100 * id,
      currency: "USD",
      org_id: id % 2 ? 100 : 101,
      stage_id: path.at(-1)!.id,
      pipeline_id: pipeline,
      status,
      is_deleted: false,
      lost_reason: status === "lost" ? "Too expensive" : null,
      add_time: id === 12 ? "yesterday" : added,
      update_time: status === "open" ? moves.at(-1)?.time ?? added : closed,
      won_time: status === "won" ? closed : null,
      lost_time: status === "lost" ? closed : null,
      close_time: status === "open" ? null : closed,
      expected_close_date: closed.slice(0, 10),
      origin: "ManuallyCreated",
      channel: id % 2 ? 10 : 11,
      channel_id: null,
    });
    const flow: PdFlowItem[] = moves.map((m, i) => ({
      object: "dealChange",
      timestamp: v1(m.time),
      data: { id: id * 100 + i, field_key: "stage_id", old_value: m.from, new_value: m.to, log_time: v1(m.time) },
    }));
    if (status !== "open") flow.push({ object: "dealChange", timestamp: v1(closed), data: { id: id * 100 + 50, field_key: "status", old_value: "open", new_value: status, log_time: v1(closed) } });
    flows.set(id, flow.reverse());
    activities.push({
      id: id * 10 + 1, subject: `Call about house ${id}`, type: "call", owner_id: 1 + (id % 2), deal_id: id, done: true,
      add_time: added, update_time: added, due_date: added.slice(0, 10), due_time: "09:00", duration: "00:05", marked_as_done_time: added,
    });
    if (status === "won") {
      activities.push({
        id: id * 10 + 2, subject: `Measurement at house ${id}`, type: "meeting", owner_id: 1 + (id % 2), deal_id: id, done: true,
        add_time: added, update_time: closed, due_date: closed.slice(0, 10), due_time: "10:00:00", duration: "01:00:00", marked_as_done_time: closed,
      });
    }
  }
  const deleted: PdDeal[] = [{ id: 13, title: "Deleted deal", pipeline_id: 1, stage_id: 1, status: "deleted", is_deleted: true, add_time: at(start, 0), update_time: at(now, -30) }];
  return { deals, deleted, flows, activities };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

/** A v2 cursor page of `rows` (cursor = offset), `size` rows at most. */
function cursorPage<T>(rows: T[], url: URL, size: number) {
  const offset = Number(url.searchParams.get("cursor") ?? 0);
  const limit = Math.min(size, Number(url.searchParams.get("limit") ?? size));
  const next = offset + limit < rows.length ? String(offset + limit) : null;
  return { success: true, data: rows.slice(offset, offset + limit), additional_data: { next_cursor: next } };
}

const v1List = <T>(rows: T[]) => ({ success: true, data: rows, additional_data: { pagination: { start: 0, limit: 500, more_items_in_collection: false } } });

export async function startFakePipedrive(options: { port?: number; now?: number } = {}) {
  const data = fakeData(options.now ?? Date.now());
  const requests: { method: string; path: string; auth: string | undefined }[] = [];
  let rateLimited = false;
  let url = "";

  const authorized = (req: IncomingMessage) =>
    req.headers["x-api-token"] === FAKE_API_TOKEN || req.headers.authorization === `Bearer ${FAKE_OAUTH.freshAccess}`;

  function token(res: ServerResponse, req: IncomingMessage, body: string) {
    const form = new URLSearchParams(body);
    const basic = `Basic ${Buffer.from(`${FAKE_OAUTH.clientId}:${FAKE_OAUTH.clientSecret}`).toString("base64")}`;
    const codeOk = form.get("grant_type") === "authorization_code" && form.get("code") === FAKE_OAUTH.code;
    const refreshOk = form.get("grant_type") === "refresh_token" && form.get("refresh_token") === FAKE_OAUTH.refresh;
    if (req.headers.authorization !== basic || !(codeOk || refreshOk)) return send(res, 401, { success: false, error: "invalid_grant" });
    // The code gives an access token that has already expired, so the first API call must refresh it.
    return send(res, 200, {
      access_token: codeOk ? FAKE_OAUTH.expiredAccess : FAKE_OAUTH.freshAccess,
      token_type: "Bearer",
      refresh_token: FAKE_OAUTH.refresh,
      scope: "deals:read",
      expires_in: 3599,
      api_domain: url,
    });
  }

  function api(res: ServerResponse, req: IncomingMessage, path: URL) {
    const p = path.pathname;
    const since = path.searchParams.get("updated_since");
    const changed = <T extends { update_time?: string | null }>(rows: T[]) => (since ? rows.filter((r) => (r.update_time ?? "") >= since) : rows);
    if (p === "/v1/users/me") return send(res, 200, { success: true, data: { ...users[0], company_id: FAKE_COMPANY.id, company_name: FAKE_COMPANY.name, company_domain: FAKE_COMPANY.domain } });
    if (p === "/v1/users") return send(res, 200, v1List(users));
    if (p === "/v1/dealFields") return send(res, 200, v1List([{ key: "title" }, { key: "channel", options: [{ id: 10, label: "Website" }, { id: 11, label: "Referral" }] }]));
    if (p === "/api/v2/pipelines") return send(res, 200, cursorPage(pipelines, path, 500));
    if (p === "/api/v2/stages") return send(res, 200, cursorPage(stages, path, 5));
    if (p === "/api/v2/organizations") {
      const ids = new Set((path.searchParams.get("ids") ?? "").split(",").map(Number));
      return send(res, 200, cursorPage(organizations.filter((o) => ids.has(o.id)), path, 500));
    }
    if (p === "/api/v2/deals") {
      const rows = path.searchParams.get("status") === "deleted" ? changed(data.deleted) : changed(data.deals);
      if (path.searchParams.get("cursor") === "5" && !rateLimited) {
        rateLimited = true;
        return send(res, 429, { success: false, error: "Too many requests" }, { "retry-after": "1" });
      }
      return send(res, 200, cursorPage(rows, path, 5));
    }
    const flow = /^\/v1\/deals\/(\d+)\/flow$/.exec(p);
    if (flow) return send(res, 200, { ...v1List(data.flows.get(Number(flow[1])) ?? []), related_objects: {} });
    if (p === "/api/v2/activities") return send(res, 200, cursorPage(changed(data.activities), path, 10));
    return send(res, 404, { success: false, error: "Unknown method" });
  }

  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const path = new URL(req.url ?? "/", "http://fake");
      requests.push({ method: req.method ?? "GET", path: path.pathname + path.search, auth: (req.headers["x-api-token"] as string) ?? req.headers.authorization });
      if (path.pathname === "/oauth/token" && req.method === "POST") return token(res, req, body);
      if (!authorized(req)) return send(res, 401, { success: false, error: "Unauthorized", errorCode: 401 });
      return api(res, req, path);
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  /** Changes in the CRM between syncs: an open deal won now, a deal deleted now. */
  const changes = {
    win(id: number) {
      const deal = data.deals.find((d) => d.id === id)!;
      const now = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
      Object.assign(deal, { status: "won", won_time: now, close_time: now, update_time: now });
      data.flows.get(id)!.unshift({ object: "dealChange", timestamp: v1(now), data: { id: id * 100 + 60, field_key: "status", old_value: "open", new_value: "won", log_time: v1(now) } });
    },
    remove(id: number) {
      const index = data.deals.findIndex((d) => d.id === id);
      const [deal] = data.deals.splice(index, 1);
      data.deleted.push({ ...deal!, status: "deleted", is_deleted: true, update_time: new Date().toISOString().replace(/\.\d{3}Z$/, "Z") });
    },
  };
  return { url, requests, changes, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

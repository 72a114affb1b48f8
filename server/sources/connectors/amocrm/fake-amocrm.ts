import { startFakeServer, sendJson } from "@/server/sources/testing/fake-server";
import type { AmoCallNote, AmoEvent, AmoLead, AmoPipeline, AmoTask, AmoUser } from "./mapping";

/** Unix seconds of a UTC ISO time. */
export const unix = (iso: string) => Math.floor(Date.parse(iso) / 1000);

type StoredLead = AmoLead & { updated_at: number; is_deleted?: boolean };
type StoredNote = AmoCallNote & { updated_at: number };

/** An amoCRM account as the fake serves it; tests change it between syncs. */
export type AmoAccountData = {
  account: { id: number; name: string; subdomain: string; currency: string };
  pipelines: AmoPipeline[];
  users: AmoUser[];
  companies: { id: number; name: string }[];
  leads: StoredLead[];
  events: AmoEvent[];
  tasks: AmoTask[];
  notes: StoredNote[];
};

export type FakeAmoOptions = {
  data: AmoAccountData;
  /** Rows per page, whatever `limit` asks: small, so a handful of records spans pages. */
  pageSize: number;
  /** OAuth client of the integration; the fake issues token pairs numbered from 1. */
  client: { id: string; secret: string; redirectUri: string };
  /** The access token the first request brings; it has already expired. */
  expiredAccessToken: string;
  refreshToken: string;
};

/**
 * A local amoCRM API v4: HAL pages with `_links.next` while a page is full and HTTP 204 past the end, the
 * documented filters, one 429 with Retry-After on the second page of leads, and OAuth where the access token
 * has expired and each refresh token works exactly once.
 */
export async function startFakeAmocrm(options: FakeAmoOptions) {
  const tokens = { access: new Set<string>(), refresh: new Set([options.refreshToken]), issued: 0 };
  const state = { throttledLeads: false };
  const server = await startFakeServer((req, res, body) => {
    const url = new URL(req.url ?? "/", "http://fake");
    const q = url.searchParams;
    if (url.pathname === "/oauth2/access_token") {
      const form = JSON.parse(body || "{}") as Record<string, string>;
      const clientOk = form.client_id === options.client.id && form.client_secret === options.client.secret && form.redirect_uri === options.client.redirectUri;
      if (!clientOk || form.grant_type !== "refresh_token" || !tokens.refresh.delete(form.refresh_token ?? "")) {
        return sendJson(res, 401, { title: "Unauthorized", status: 401, detail: "Refresh token has been revoked" });
      }
      tokens.issued++;
      const pair = { access: `access-${tokens.issued}`, refresh: `refresh-${tokens.issued}` };
      tokens.access.add(pair.access);
      tokens.refresh.add(pair.refresh);
      return sendJson(res, 200, { token_type: "Bearer", expires_in: 86400, access_token: pair.access, refresh_token: pair.refresh });
    }
    const bearer = (req.headers.authorization ?? "").replace(/^Bearer /, "");
    if (!tokens.access.has(bearer)) return sendJson(res, 401, { title: "Unauthorized", status: 401 });

    const page = Number(q.get("page") ?? 1);
    const from = (name: string) => Number(q.get(`filter[${name}][from]`) ?? 0);
    const list = <T>(key: string, rows: T[]) => {
      const slice = rows.slice((page - 1) * options.pageSize, page * options.pageSize);
      if (slice.length === 0) {
        res.writeHead(204).end();
        return;
      }
      const next = slice.length === options.pageSize ? { next: { href: `http://fake${url.pathname}?page=${page + 1}` } } : {};
      sendJson(res, 200, { _page: page, _links: { self: { href: `http://fake${req.url}` }, ...next }, _embedded: { [key]: slice } });
    };
    const byId = <T extends { id: number | string }>(rows: T[]) => [...rows].sort((a, b) => Number(a.id) - Number(b.id));
    const { data } = options;
    switch (url.pathname) {
      case "/api/v4/account":
        return sendJson(res, 200, { ...data.account, _embedded: {} });
      case "/api/v4/leads/pipelines":
        return sendJson(res, 200, { _embedded: { pipelines: data.pipelines } });
      case "/api/v4/users":
        return list("users", data.users);
      case "/api/v4/companies": {
        const ids = new Set(q.getAll("filter[id][]").map(Number));
        return list("companies", data.companies.filter((c) => ids.has(c.id)));
      }
      case "/api/v4/leads":
        if (page === 2 && !state.throttledLeads) {
          state.throttledLeads = true;
          return sendJson(res, 429, { title: "Too Many Requests", status: 429 }, { "retry-after": "0.05" });
        }
        {
          // with=only_deleted lists the trash instead of the live leads.
          const trash = (q.get("with") ?? "").split(",").includes("only_deleted");
          return list("leads", byId(data.leads.filter((l) => Boolean(l.is_deleted) === trash && l.updated_at >= from("updated_at"))));
        }
      case "/api/v4/events": {
        if (q.get("filter[type]") !== "lead_status_changed") return sendJson(res, 400, { title: "Bad Request" });
        // Newest first, as the account's event feed lists them.
        const events = data.events.filter((e) => e.created_at >= from("created_at")).sort((a, b) => b.created_at - a.created_at);
        return list("events", events);
      }
      case "/api/v4/tasks":
        return list("tasks", byId(data.tasks.filter((t) => t.updated_at >= from("updated_at"))));
      case "/api/v4/leads/notes": {
        const types = new Set(q.getAll("filter[note_type][]"));
        return list("notes", byId(data.notes.filter((n) => types.has(n.note_type) && n.updated_at >= from("updated_at"))));
      }
      default:
        return sendJson(res, 404, { title: "Not Found", status: 404 });
    }
  });
  return { ...server, tokensIssued: () => tokens.issued };
}

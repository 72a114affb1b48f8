import { afterEach, describe, expect, it } from "vitest";
import type { Connector, Credentials } from "./connector";
import { createSourceHttp, retryAfterMs } from "./http";
import { sendJson, startFakeServer, type FakeHandler } from "./testing/fake-server";

const bearer: Pick<Connector, "authorize" | "refresh" | "describeError"> = { authorize: (c) => ({ headers: { authorization: `Bearer ${c.accessToken}` } }) };

let close: (() => Promise<void>) | undefined;
afterEach(() => close?.());

async function setup(handler: FakeHandler, options: { connector?: Pick<Connector, "authorize" | "refresh" | "describeError">; maxAttempts?: number } = {}) {
  const server = await startFakeServer(handler);
  close = server.close;
  const sleeps: number[] = [];
  const saved: Credentials[] = [];
  const http = createSourceHttp({
    connector: options.connector ?? bearer,
    credentials: { baseUrl: `${server.url}/api`, accessToken: "old" },
    saveCredentials: async (c) => void saved.push(c),
    sleep: async (ms) => void sleeps.push(ms),
    now: () => Date.parse("2030-01-01T00:00:00Z"),
    random: () => 1,
    maxAttempts: options.maxAttempts ?? 4,
  });
  return { server, http, sleeps, saved };
}

describe("SourceHttp", () => {
  it("joins paths to the base URL, adds auth and query, parses JSON and returns 204 as null", async () => {
    const { http, server } = await setup((req, res) => (req.url!.includes("empty") ? sendJson(res, 204, undefined) : sendJson(res, 200, { ok: 1 })));
    expect((await http.request({ url: "/v1/deals", query: { limit: 2, ids: [1, 2], skip: undefined } })).body).toEqual({ ok: 1 });
    expect(server.requests[0]!.url).toBe("/api/v1/deals?limit=2&ids=1&ids=2");
    expect(server.requests[0]!.headers.authorization).toBe("Bearer old");
    expect((await http.request({ url: "empty" })).body).toBeNull();
  });

  it("waits as long as a 429's Retry-After says (seconds or HTTP date), then succeeds", async () => {
    let calls = 0;
    const { http, sleeps } = await setup((_req, res) => {
      calls++;
      if (calls === 1) return sendJson(res, 429, {}, { "retry-after": "7" });
      if (calls === 2) return sendJson(res, 429, {}, { "retry-after": "Tue, 01 Jan 2030 00:00:03 GMT" });
      sendJson(res, 200, { page: 1 });
    });
    expect((await http.request({ url: "x" })).body).toEqual({ page: 1 });
    expect(sleeps).toEqual([7000, 3000]);
  });

  it("backs off exponentially on 5xx and gives up after the last try with a readable error", async () => {
    const { http, sleeps, server } = await setup((_req, res) => sendJson(res, 503, { error: "QUERY_LIMIT_EXCEEDED" }));
    await expect(http.request({ url: "x" })).rejects.toMatchObject({
      status: 503,
      retryable: true,
      sourceMessage: { key: "errors.http.serverError", values: { status: 503, tries: 4 } },
    });
    expect(server.requests).toHaveLength(4);
    expect(sleeps).toEqual([1000, 2000, 4000]);
  });

  it("gives up on repeated 429 as rate limited, and at once when Retry-After is beyond the cap", async () => {
    const { http } = await setup((req, res) => sendJson(res, 429, {}, req.url!.includes("long") ? { "retry-after": "3600" } : {}));
    await expect(http.request({ url: "x" })).rejects.toMatchObject({ sourceMessage: { key: "errors.http.rateLimited", values: { tries: 4 } } });
    await expect(http.request({ url: "long" })).rejects.toMatchObject({ sourceMessage: { key: "errors.http.rateLimitedFor", values: { minutes: 60 } } });
  });

  it("retries network errors", async () => {
    let calls = 0;
    const { http, sleeps } = await setup((req, res) => {
      if (++calls === 1) return void req.socket.destroy();
      sendJson(res, 200, { ok: true });
    });
    expect((await http.request({ url: "x" })).body).toEqual({ ok: true });
    expect(sleeps).toHaveLength(1);
  });

  it("on 401 refreshes once, saves the new credentials before retrying, and uses them", async () => {
    const order: string[] = [];
    const connector: Pick<Connector, "authorize" | "refresh"> = {
      ...bearer,
      refresh: async (c, http) => {
        const { body } = await http.request<{ access_token: string }>({ url: "/oauth/token", form: { refresh_token: "r" } });
        order.push("refreshed");
        return { ...c, accessToken: body.access_token };
      },
    };
    const { http, server, saved } = await setup((req, res) => {
      if (req.url === "/api/oauth/token") return sendJson(res, 200, { access_token: "new" });
      order.push(`request ${req.headers.authorization}`);
      sendJson(res, req.headers.authorization === "Bearer new" ? 200 : 401, { ok: true });
    }, { connector });
    expect((await http.request({ url: "deals" })).body).toEqual({ ok: true });
    expect(order).toEqual(["request Bearer old", "refreshed", "request Bearer new"]);
    expect(saved).toEqual([{ baseUrl: expect.any(String), accessToken: "new" }]);
    expect(http.credentials().accessToken).toBe("new");
    expect(server.requests.find((r) => r.url === "/api/oauth/token")!.headers.authorization).toBeUndefined();
  });

  it("refreshes again when the new token expires later in the run, and once for requests refused together", async () => {
    let valid = "old";
    let refreshes = 0;
    const connector: Pick<Connector, "authorize" | "refresh"> = {
      ...bearer,
      refresh: async (c) => {
        refreshes++;
        await new Promise((resolve) => setTimeout(resolve, 20));
        return { ...c, accessToken: `token-${refreshes}` };
      },
    };
    const { http, saved } = await setup((req, res) => sendJson(res, req.headers.authorization === `Bearer ${valid}` ? 200 : 401, {}), { connector });
    valid = "token-1";
    await Promise.all([http.request({ url: "a" }), http.request({ url: "b" }), http.request({ url: "c" })]);
    expect(refreshes).toBe(1);
    valid = "token-2";
    await http.request({ url: "d" });
    expect(saved.map((c) => c.accessToken)).toEqual(["token-1", "token-2"]);
  });

  it("a 401 after refreshing, a failed refresh or no refresh at all is unauthorized", async () => {
    const always401: FakeHandler = (req, res) => sendJson(res, req.url === "/api/oauth/token" ? 200 : 401, { access_token: "new" });
    const refreshing = { ...bearer, refresh: async (c: Credentials) => ({ ...c, accessToken: "new" }) };
    const a = await setup(always401, { connector: refreshing });
    await expect(a.http.request({ url: "x" })).rejects.toMatchObject({ status: 401, retryable: false, sourceMessage: { key: "errors.http.unauthorized" } });
    expect(a.saved).toHaveLength(1);
    await close!();

    const b = await setup(always401, { connector: { ...bearer, refresh: async () => Promise.reject(new Error("invalid_grant")) } });
    await expect(b.http.request({ url: "x" })).rejects.toMatchObject({ sourceMessage: { key: "errors.http.unauthorized" } });
    expect(b.saved).toHaveLength(0);
    await close!();

    const c = await setup(always401);
    await expect(c.http.request({ url: "x" })).rejects.toMatchObject({ sourceMessage: { key: "errors.http.unauthorized" } });
    expect(c.server.requests).toHaveLength(1);
  });

  it("refuses a body that is not JSON as a bad response", async () => {
    const { http } = await setup((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html>maintenance</html>");
    });
    await expect(http.request({ url: "x" })).rejects.toMatchObject({ sourceMessage: { key: "errors.http.badResponse" }, retryable: false });
  });

  it("reads Retry-After", () => {
    const now = Date.parse("2030-01-01T00:00:00Z");
    expect(retryAfterMs("2", now)).toBe(2000);
    expect(retryAfterMs("Tue, 01 Jan 2030 00:01:00 GMT", now)).toBe(60_000);
    expect(retryAfterMs("Mon, 31 Dec 2029 00:00:00 GMT", now)).toBe(0);
    expect(retryAfterMs("soon", now)).toBeNull();
    expect(retryAfterMs(null, now)).toBeNull();
  });

  it("lets the connector name a refusal from the CRM's error body, and falls back to the HTTP status", async () => {
    const describeError: Connector["describeError"] = (status, body) =>
      status === 403 && (body as { errorCode?: string }[])[0]?.errorCode === "REQUEST_LIMIT_EXCEEDED" ? { key: "sources.crm.test.apiLimit" } : undefined;
    const { http } = await setup(
      (req, res) => (req.url!.includes("limit") ? sendJson(res, 403, [{ errorCode: "REQUEST_LIMIT_EXCEEDED" }]) : sendJson(res, 403, [{ errorCode: "OTHER" }])),
      { connector: { ...bearer, describeError } },
    );
    await expect(http.request({ url: "limit" })).rejects.toMatchObject({ status: 403, retryable: false, sourceMessage: { key: "sources.crm.test.apiLimit" } });
    await expect(http.request({ url: "other" })).rejects.toMatchObject({ status: 403, sourceMessage: { key: "errors.http.forbidden", values: { status: 403 } } });
  });

  it("passes a connector's own reason for a failed refresh through, and a plain refusal as unauthorized", async () => {
    const refusing = (reason: Error): Pick<Connector, "authorize" | "refresh"> => ({ ...bearer, refresh: async () => Promise.reject(reason) });
    const { SourceHttpError } = await import("./connector");
    let { http } = await setup((_req, res) => sendJson(res, 401, {}), { connector: refusing(new SourceHttpError(401, { key: "sources.crm.test.tokenRevoked" }, false)) });
    await expect(http.request({ url: "x" })).rejects.toMatchObject({ sourceMessage: { key: "sources.crm.test.tokenRevoked" } });
    await close?.();
    ({ http } = await setup((_req, res) => sendJson(res, 401, {}), { connector: refusing(new Error("invalid_grant")) }));
    await expect(http.request({ url: "x" })).rejects.toMatchObject({ status: 401, sourceMessage: { key: "errors.http.unauthorized" } });
  });
});

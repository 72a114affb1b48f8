import { describe, expect, it } from "vitest";
import { SourceHttpError, type ConnectorContext } from "@/server/sources/connector";
import { amoGet, MIN_REQUEST_GAP_MS } from "./amocrm-api";

function contextWith(request: () => Promise<unknown>, sentAt: number[] = []): ConnectorContext {
  return {
    http: { request: async () => (sentAt.push(performance.now()), { status: 200, headers: new Headers(), body: await request() }) as never },
    credentials: () => ({ baseUrl: "https://acme.amocrm.ru" }),
    cache: new Map(),
    signal: new AbortController().signal,
  };
}

describe("amoCRM client", () => {
  it("keeps at most 7 requests a second, also when pages are read concurrently", async () => {
    const sentAt: number[] = [];
    const ctx = contextWith(async () => ({}), sentAt);
    await Promise.all(Array.from({ length: 8 }, () => amoGet(ctx, "/api/v4/account")));
    const gaps = sentAt.slice(1).map((t, i) => t - sentAt[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(MIN_REQUEST_GAP_MS - 5);
    expect(sentAt.at(-1)! - sentAt[0]!).toBeGreaterThanOrEqual(1000 - 40);
  });

  it("turns 402 (account not paid) into a readable error", async () => {
    const ctx = contextWith(async () => {
      throw new SourceHttpError(402, { key: "errors.http.forbidden" }, false);
    });
    await expect(amoGet(ctx, "/api/v4/leads")).rejects.toMatchObject({ status: 402, sourceMessage: { key: "sources.crm.amocrm.accountNotPaid" } });
  });
});

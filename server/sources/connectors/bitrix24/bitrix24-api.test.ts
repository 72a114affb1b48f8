import { describe, expect, it } from "vitest";
import type { ConnectorContext } from "@/server/sources/connector";
import { bxCall, bxTime } from "./bitrix24-api";

const answering = (body: unknown): ConnectorContext => ({
  http: { request: async () => ({ status: 200, headers: new Headers(), body }) as never },
  credentials: () => ({ baseUrl: "https://acme.bitrix24.ru/rest/1/x/" }),
  cache: new Map(),
  signal: new AbortController().signal,
});

describe("Bitrix24 client", () => {
  it("turns an error body into a readable error naming the method and Bitrix24's code", async () => {
    await expect(bxCall(answering({ error: "ACCESS_DENIED", error_description: "Access denied!" }), "crm.deal.list")).rejects.toMatchObject({
      retryable: false,
      sourceMessage: { key: "sources.crm.bitrix24.methodFailed", values: { method: "crm.deal.list", error: "ACCESS_DENIED" } },
    });
    await expect(bxCall(answering({ result: [], total: 0 }), "crm.deal.list")).resolves.toEqual({ result: [], total: 0 });
  });

  it("writes filter times with an explicit offset, whole seconds", () => {
    expect(bxTime(new Date("2026-11-26T15:04:05.678Z"))).toBe("2026-11-26T15:04:05+00:00");
  });
});

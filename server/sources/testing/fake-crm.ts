import type { Connector, PageResult, Stream } from "../connector";
import { sendJson, startFakeServer } from "./fake-server";

/** One record as the fake CRM serves it: its id, when it last changed, and the canonical record or a tombstone. */
export type FakeItem = { id: number; updatedAt: number; deleted?: boolean; record?: unknown };
export type FakeStream = "deals" | "events";

/** Where the fake CRM's records come from: a map in tests, a generator in the benchmark. */
export type FakeDataset = {
  page(stream: FakeStream, args: { after: number; limit: number; since: number | null }): { items: FakeItem[]; next: number | null; total: number };
};

/** Records kept in memory, listed by id; `since` keeps those changed at or after it (tombstones included). */
export class MemoryDataset implements FakeDataset {
  readonly items: Record<FakeStream, Map<number, FakeItem>> = { deals: new Map(), events: new Map() };

  put(stream: FakeStream, item: FakeItem) {
    this.items[stream].set(item.id, item);
  }

  page(stream: FakeStream, { after, limit, since }: { after: number; limit: number; since: number | null }) {
    const matching = [...this.items[stream].values()].filter((item) => since === null || item.updatedAt >= since).sort((a, b) => a.id - b.id);
    const rest = matching.filter((item) => item.id > after);
    const items = rest.slice(0, limit);
    return { items, next: rest.length > limit ? items.at(-1)!.id : null, total: matching.length };
  }
}

/**
 * A local CRM over HTTP: GET /deals and /events with `after` (last id of the previous page), `limit` and `since`
 * (ms), answering { items, next, total }; requires `authorization: Bearer <token>`. `delayMs` slows every answer.
 */
export async function startFakeCrm(dataset: FakeDataset, options: { token?: string; delayMs?: number } = {}) {
  const token = options.token ?? "secret-token";
  return startFakeServer(async (req, res) => {
    if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    if (req.headers.authorization !== `Bearer ${token}`) return sendJson(res, 401, { error: "unauthorized" });
    const url = new URL(req.url!, "http://fake");
    const stream = url.pathname.slice(1);
    if (stream !== "deals" && stream !== "events") return sendJson(res, 404, {});
    const since = url.searchParams.get("since");
    sendJson(
      res,
      200,
      dataset.page(stream, { after: Number(url.searchParams.get("after") ?? 0), limit: Number(url.searchParams.get("limit") ?? 100), since: since ? Number(since) : null }),
    );
  });
}

function fakeStream(name: string, kind: Stream["kind"], path: FakeStream, pageSize: number): Stream {
  return {
    name,
    kind,
    async readPage(ctx, { cursor, since }): Promise<PageResult> {
      const { body } = await ctx.http.request<{ items: FakeItem[]; next: number | null; total: number }>({
        url: path,
        query: { after: (cursor as number | null) ?? 0, limit: pageSize, since: since?.getTime() },
      });
      return {
        records: body.items.filter((item) => !item.deleted).map((item) => item.record),
        deletedExternalIds: body.items.filter((item) => item.deleted).map((item) => String(item.id)),
        next: body.next,
        total: body.total,
      };
    },
  };
}

/** A connector for the fake CRM (registered as "pipedrive" in tests): deals, then stage events, `pageSize` per page. */
export function fakeConnector(pageSize = 3): Connector {
  return {
    kind: "pipedrive",
    authorize: (credentials) => ({ headers: { authorization: `Bearer ${credentials.token}` } }),
    identify: async (ctx) => ({ accountId: ctx.credentials().baseUrl, name: "Fake CRM" }),
    listPipelines: async () => [],
    streams: [fakeStream("deals", "deals", "deals", pageSize), fakeStream("stage-events", "stage-events", "events", pageSize)],
  };
}

const pipeline = { externalId: "P1", name: "Sales" };
const stages = [
  { externalId: "S1", name: "Lead", step: "lead" },
  { externalId: "S2", name: "Qualified", step: "qualified" },
  { externalId: "S3", name: "Meeting", step: "meeting_scheduled" },
  { externalId: "S4", name: "Negotiation", step: "negotiation" },
  { externalId: "S5", name: "Won", step: "won" },
] as const;
export const fakeStageCount = stages.length;

/** A canonical deal of the fake CRM: id n, at stage (n mod 5), amount n × 100. */
export function fakeDeal(id: number, extra: Record<string, unknown> = {}) {
  return {
    externalId: String(id),
    title: `Deal ${id}`,
    pipeline,
    stage: stages[id % stages.length],
    owner: { externalId: `R${id % 5}`, name: `Rep ${id % 5}` },
    amount: id * 100,
    currency: "EUR",
    createdAt: new Date(Date.UTC(2026, 0, 1) + id * 3_600_000).toISOString(),
    ...extra,
  };
}

/** A canonical stage event of the fake CRM: deal `dealId` moving to stage `step` (0–4). */
export function fakeStageEvent(id: number, dealId: number, step: number) {
  return {
    externalId: String(id),
    dealExternalId: String(dealId),
    ...(step > 0 ? { fromStage: stages[step - 1] } : {}),
    toStage: stages[step],
    at: new Date(Date.UTC(2026, 0, 1) + dealId * 3_600_000 + step * 60_000).toISOString(),
  };
}

import { SourceHttpError, type ConnectorContext } from "@/server/sources/connector";
import { cachedPerRun } from "../record-mapping";
import { stageDirectory, type BxCategory, type BxDirectory, type BxStatus, type BxUser } from "./mapping";

/** Bitrix24 list methods return 50 rows a page. */
export const PAGE_SIZE = 50;

/** A REST reply: `result`, and for lists `next` (the `start` of the next page) and `total`; failures carry `error`. */
export type BxReply<T> = { result: T; next?: number; total?: number; error?: string; error_description?: string };

/**
 * Calls a REST method (POST {base}{method}.json with JSON parameters). Throttling (503 QUERY_LIMIT_EXCEEDED,
 * 429 OPERATION_TIME_LIMIT) is retried by the engine's http; an error body on a 200 becomes a readable error.
 */
export async function bxCall<T>(ctx: ConnectorContext, method: string, params: Record<string, unknown> = {}): Promise<BxReply<T>> {
  const { body } = await ctx.http.request<BxReply<T> | null>({ method: "POST", url: `${method}.json`, json: params });
  if (!body || body.error) {
    throw new SourceHttpError(200, { key: "sources.crm.bitrix24.methodFailed", values: { method, error: body?.error ?? "empty" } }, false);
  }
  return body;
}

/** Every row of a list method, page by page. */
export async function bxAll<T>(ctx: ConnectorContext, method: string, params: Record<string, unknown> = {}, pick = (result: unknown) => result as T[]): Promise<T[]> {
  const rows: T[] = [];
  let start: number | undefined = 0;
  while (start !== undefined) {
    const reply: BxReply<unknown> = await bxCall<unknown>(ctx, method, { ...params, start });
    rows.push(...pick(reply.result));
    start = reply.next;
  }
  return rows;
}

/** Bitrix24 reads filter times with an explicit offset. */
export const bxTime = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, "+00:00");

/** The portal's address: the webhook URL's or the OAuth client endpoint's origin. */
export const portalUrl = (baseUrl: string) => new URL(baseUrl).origin;

const stageListOf = (categoryId: string) => (categoryId === "0" ? "DEAL_STAGE" : `DEAL_STAGE_${categoryId}`);

/** Deal funnels (crm.category.list, entity type 2 = deal) with each one's stage list. */
export function funnels(ctx: ConnectorContext) {
  return cachedPerRun(ctx, "bitrix24:funnels", async () => {
    const categories = await bxAll<BxCategory>(ctx, "crm.category.list", { entityTypeId: 2 }, (r) => (r as { categories: BxCategory[] }).categories);
    const statuses = new Map<string, BxStatus[]>();
    for (const category of categories) {
      const id = String(category.id);
      statuses.set(id, await bxAll<BxStatus>(ctx, "crm.status.list", { filter: { ENTITY_ID: stageListOf(id) } }));
    }
    return { categories, statuses };
  });
}

/** Names the mappers need, read once per run; companies fill in per page. */
export function directory(ctx: ConnectorContext): Promise<BxDirectory> {
  return cachedPerRun(ctx, "bitrix24:directory", async () => {
    const { categories, statuses } = await funnels(ctx);
    const users = await bxAll<BxUser>(ctx, "user.get");
    const sources = await bxAll<BxStatus>(ctx, "crm.status.list", { filter: { ENTITY_ID: "SOURCE" } });
    return {
      portalUrl: portalUrl(ctx.credentials().baseUrl),
      categories: new Map(categories.map((c) => [String(c.id), c.name])),
      stages: stageDirectory(statuses),
      users: new Map(users.map((u) => [u.ID, u])),
      companies: new Map(),
      sources: new Map(sources.map((s) => [s.STATUS_ID, s.NAME])),
    };
  });
}

/** Adds the titles of these companies to the directory, fetching only those not seen in this run. */
export async function loadCompanies(ctx: ConnectorContext, dir: BxDirectory, ids: string[]) {
  const missing = [...new Set(ids)].filter((id) => !dir.companies.has(id));
  if (missing.length === 0) return;
  const companies = await bxAll<{ ID: string; TITLE: string }>(ctx, "crm.company.list", { filter: { "@ID": missing }, select: ["ID", "TITLE"] });
  for (const company of companies) dir.companies.set(company.ID, company.TITLE);
}

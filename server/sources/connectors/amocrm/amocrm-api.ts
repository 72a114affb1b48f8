import { SourceHttpError, type ConnectorContext, type HttpRequest } from "@/server/sources/connector";
import type { AmoDirectory, AmoPipeline, AmoUser } from "./mapping";
import { pipelineNames } from "./mapping";
import { cachedPerRun } from "../record-mapping";

/** amoCRM allows 7 requests a second per account; more gets 429s and, when repeated, a blocked IP. */
export const MIN_REQUEST_GAP_MS = Math.ceil(1000 / 7);

/** HAL list envelope; an empty list comes as HTTP 204 with no body (`null`). */
export type AmoList<K extends string, T> = { _page?: number; _links?: { next?: { href: string } }; _embedded?: Record<K, T[]> } | null;

export type AmoAccount = { id: number; name: string; subdomain: string; currency?: string };

const PACE_KEY = "amocrm:pace";

/** Waits until the request slot MIN_REQUEST_GAP_MS after the previous one of this run; concurrent callers queue. */
async function pace(ctx: ConnectorContext) {
  const previous = (ctx.cache.get(PACE_KEY) as Promise<void> | undefined) ?? Promise.resolve();
  const slot = previous.then(() => new Promise<void>((resolve) => setTimeout(resolve, MIN_REQUEST_GAP_MS)));
  ctx.cache.set(PACE_KEY, slot);
  await previous;
}

/** A paced GET; a 402 (the amoCRM account is not paid) becomes a readable error instead of a generic "forbidden". */
export async function amoGet<T>(ctx: ConnectorContext, url: string, query?: HttpRequest["query"]): Promise<T> {
  await pace(ctx);
  try {
    return (await ctx.http.request<T>({ url, query })).body;
  } catch (error) {
    if (error instanceof SourceHttpError && error.status === 402) {
      throw new SourceHttpError(402, { key: "sources.crm.amocrm.accountNotPaid" }, false);
    }
    throw error;
  }
}

/** One page of a HAL list: its rows and whether `_links.next` promises another. */
export async function amoPage<K extends string, T>(ctx: ConnectorContext, url: string, key: K, query: HttpRequest["query"]) {
  const body = await amoGet<AmoList<K, T>>(ctx, url, query);
  const rows: T[] = body?._embedded?.[key] ?? [];
  return { rows, hasNext: Boolean(body?._links?.next) };
}

/** Every row of a small list (users, pipelines). */
export async function amoAll<K extends string, T>(ctx: ConnectorContext, url: string, key: K, limit: number): Promise<T[]> {
  const rows: T[] = [];
  for (let page = 1; ; page++) {
    const result = await amoPage<K, T>(ctx, url, key, { page, limit });
    rows.push(...result.rows);
    if (!result.hasNext || result.rows.length === 0) return rows;
  }
}

export const account = (ctx: ConnectorContext) => cachedPerRun(ctx, "amocrm:account", () => amoGet<AmoAccount>(ctx, "/api/v4/account"));

export const pipelines = (ctx: ConnectorContext) =>
  cachedPerRun(ctx, "amocrm:pipelines", () => amoAll<"pipelines", AmoPipeline>(ctx, "/api/v4/leads/pipelines", "pipelines", 50));

const isoCurrencies = new Set(Intl.supportedValuesOf("currency"));

/** Names the mappers need, read once per run: account currency, pipelines with statuses, users; companies fill in per page. */
export function directory(ctx: ConnectorContext): Promise<AmoDirectory> {
  return cachedPerRun(ctx, "amocrm:directory", async () => {
    // One after another: requests are paced anyway, and the engine refreshes an expired token for one request only.
    const acc = await account(ctx);
    const pipes = await pipelines(ctx);
    const users = await amoAll<"users", AmoUser>(ctx, "/api/v4/users", "users", 250);
    return {
      baseUrl: ctx.credentials().baseUrl,
      currency: acc.currency && isoCurrencies.has(acc.currency) ? acc.currency : undefined,
      pipelines: pipelineNames(pipes),
      users: new Map(users.map((user) => [user.id, user])),
      companies: new Map(),
    };
  });
}

/** Adds the names of these companies to the directory, fetching only those not seen in this run. */
export async function loadCompanies(ctx: ConnectorContext, dir: AmoDirectory, ids: number[]) {
  const missing = [...new Set(ids)].filter((id) => !dir.companies.has(id));
  for (let i = 0; i < missing.length; i += 250) {
    const chunk = missing.slice(i, i + 250);
    const { rows } = await amoPage<"companies", { id: number; name: string }>(ctx, "/api/v4/companies", "companies", {
      "filter[id][]": chunk,
      limit: 250,
    });
    for (const company of rows) dir.companies.set(company.id, company.name);
  }
}

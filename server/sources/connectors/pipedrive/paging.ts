import type { ConnectorContext, HttpRequest } from "@/server/sources/connector";
import type { PdList } from "./pipedrive-api";

/** Pipedrive's largest page (v2 cursor lists and v1 start/limit lists). */
export const PAGE_LIMIT = 500;

type Query = HttpRequest["query"];

/** One page of a v2 cursor list: its rows and the next cursor (null at the end). */
export async function readCursorPage<T>(ctx: ConnectorContext, url: string, query: Query, cursor: string | null, limit = PAGE_LIMIT) {
  const { body } = await ctx.http.request<PdList<T>>({ url, query: { ...query, limit, cursor: cursor ?? undefined } });
  return { rows: body?.data ?? [], next: body?.additional_data?.next_cursor ?? null };
}

/** Every row of a small v2 cursor list (pipelines, stages, organizations by id). */
export async function readAllCursorPages<T>(ctx: ConnectorContext, url: string, query: Query = {}): Promise<T[]> {
  const rows: T[] = [];
  let cursor: string | null = null;
  do {
    const page: { rows: T[]; next: string | null } = await readCursorPage<T>(ctx, url, query, cursor);
    rows.push(...page.rows);
    cursor = page.next;
  } while (cursor);
  return rows;
}

/** Every row of a v1 start/limit list (users, deal fields, a deal's flow). */
export async function readAllV1Pages<T>(ctx: ConnectorContext, url: string, query: Query = {}): Promise<T[]> {
  const rows: T[] = [];
  let start = 0;
  for (;;) {
    const { body } = await ctx.http.request<PdList<T>>({ url, query: { ...query, start, limit: PAGE_LIMIT } });
    rows.push(...(body?.data ?? []));
    const pagination = body?.additional_data?.pagination;
    if (!pagination?.more_items_in_collection) return rows;
    start = pagination.next_start ?? start + PAGE_LIMIT;
  }
}

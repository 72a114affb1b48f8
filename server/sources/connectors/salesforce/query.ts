import type { ConnectorContext, HttpRequest } from "@/server/sources/connector";
import { API_PATH, type SfQueryResult } from "./salesforce-api";

/** A request to the org's REST API (refusals are named by describeSalesforceError: spent allocation, no API access). */
export async function sfRequest<T>(ctx: ConnectorContext, request: HttpRequest): Promise<T> {
  return (await ctx.http.request<T>(request)).body;
}

/** One batch of a SOQL query: the first (from the query text) or the next (from nextRecordsUrl). */
export async function queryPage<T>(ctx: ConnectorContext, soql: string, nextRecordsUrl?: string, batchSize?: number): Promise<SfQueryResult<T>> {
  const headers = batchSize ? { "sforce-query-options": `batchSize=${batchSize}` } : undefined;
  if (nextRecordsUrl) return sfRequest(ctx, { url: nextRecordsUrl, headers });
  return sfRequest(ctx, { url: `${API_PATH}/query`, query: { q: soql }, headers });
}

/** Every record of a small query (stages, users). */
export async function queryAll<T>(ctx: ConnectorContext, soql: string): Promise<T[]> {
  const records: T[] = [];
  let next: string | undefined;
  do {
    const page: SfQueryResult<T> = await queryPage<T>(ctx, soql, next);
    records.push(...page.records);
    next = page.done ? undefined : page.nextRecordsUrl;
  } while (next);
  return records;
}

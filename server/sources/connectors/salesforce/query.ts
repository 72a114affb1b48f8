import { SourceHttpError, type ConnectorContext, type HttpRequest } from "@/server/sources/connector";
import { API_PATH, type SfQueryResult } from "./salesforce-api";

/**
 * A request to the org's REST API. Salesforce answers 403 when the org's daily API allocation is spent
 * (REQUEST_LIMIT_EXCEEDED) or the user may not use the API; neither passes by retrying now, so the run stops
 * with a message that says so.
 */
export async function sfRequest<T>(ctx: ConnectorContext, request: HttpRequest): Promise<T> {
  try {
    return (await ctx.http.request<T>(request)).body;
  } catch (error) {
    if (error instanceof SourceHttpError && error.status === 403) throw new SourceHttpError(403, { key: "sources.crm.salesforce.refused" }, false);
    throw error;
  }
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

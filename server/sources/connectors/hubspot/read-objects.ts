import type { ConnectorContext } from "@/server/sources/connector";
import type { HsAssociations, HsObject, HsPage } from "./hubspot-api";

/** Largest list page (50 with property history); the search API takes up to 200 but caps every query at 10,000 results. */
const LIST_LIMIT = 100;
const HISTORY_LIMIT = 50;
const SEARCH_LIMIT = 200;
const SEARCH_CAP = 10_000;

/**
 * Where a read of one object type stands: `after` is HubSpot's paging token; `from` (epoch ms) marks a search
 * window of records modified at or after it, which restarts from the last seen modification time before the
 * search API's 10,000-result cap is reached.
 */
export type ObjectCursor = { after?: string; from?: number };

type ReadOptions = {
  properties: readonly string[];
  associations?: "deals";
  /** A property whose change history to read too (smaller pages: HubSpot returns fewer records with history). */
  history?: string;
};

/**
 * One page of an object type: the whole list on a first read (`since` null), else the records modified since,
 * by the search API sorted by modification time. Search results carry neither associations nor history, so
 * those are read for the page in one batch call each when asked for.
 */
export async function readObjectsPage(
  ctx: ConnectorContext,
  object: string,
  options: ReadOptions,
  args: { cursor: ObjectCursor | null; since: Date | null },
): Promise<{ results: HsObject[]; next: ObjectCursor | null; total?: number }> {
  if (!args.since) {
    const { body } = await ctx.http.request<HsPage>({
      url: `/crm/v3/objects/${object}`,
      query: {
        limit: options.history ? HISTORY_LIMIT : LIST_LIMIT,
        after: args.cursor?.after,
        properties: options.properties.join(","),
        associations: options.associations,
        propertiesWithHistory: options.history,
      },
    });
    const after = body.paging?.next?.after;
    return { results: body.results, next: after ? { after } : null };
  }
  const from = args.cursor?.from ?? args.since.getTime();
  const limit = options.history ? HISTORY_LIMIT : SEARCH_LIMIT;
  const { body } = await ctx.http.request<HsPage>({
    method: "POST",
    url: `/crm/v3/objects/${object}/search`,
    json: {
      filterGroups: [{ filters: [{ propertyName: "hs_lastmodifieddate", operator: "GTE", value: String(from) }] }],
      sorts: [{ propertyName: "hs_lastmodifieddate", direction: "ASCENDING" }],
      properties: [...new Set([...options.properties, "hs_lastmodifieddate"])],
      limit,
      after: args.cursor?.after,
    },
  });
  let results = options.associations ? await withDealAssociations(ctx, object, body.results) : body.results;
  if (options.history) results = await withHistory(ctx, object, results, options);
  return { results, next: nextSearchCursor(from, body, limit), total: body.total };
}

/** The next search page, or a new window from the last modification time seen when the next page would pass the cap. */
export function nextSearchCursor(from: number, page: HsPage, limit: number): ObjectCursor | null {
  const after = page.paging?.next?.after;
  if (!after) return null;
  if (Number(after) + limit <= SEARCH_CAP) return { from, after };
  const last = Date.parse(page.results.at(-1)?.properties.hs_lastmodifieddate ?? "");
  // More than 10,000 records modified in one millisecond would never advance: step past that millisecond.
  return { from: Number.isNaN(last) || last <= from ? from + 1 : last };
}

async function withDealAssociations(ctx: ConnectorContext, object: string, results: HsObject[]): Promise<HsObject[]> {
  if (results.length === 0) return results;
  const { body } = await ctx.http.request<HsAssociations>({
    method: "POST",
    url: `/crm/v4/associations/${object}/deals/batch/read`,
    json: { inputs: results.map((r) => ({ id: r.id })) },
  });
  const deals = new Map((body?.results ?? []).map((r) => [r.from.id, r.to.map((t) => ({ id: String(t.toObjectId) }))]));
  return results.map((r) => ({ ...r, associations: { deals: { results: deals.get(r.id) ?? [] } } }));
}

async function withHistory(ctx: ConnectorContext, object: string, results: HsObject[], options: ReadOptions): Promise<HsObject[]> {
  if (results.length === 0) return results;
  const { body } = await ctx.http.request<HsPage>({
    method: "POST",
    url: `/crm/v3/objects/${object}/batch/read`,
    json: { inputs: results.map((r) => ({ id: r.id })), properties: options.properties, propertiesWithHistory: [options.history] },
  });
  return body.results;
}

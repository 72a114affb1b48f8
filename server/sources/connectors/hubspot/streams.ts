import type { ConnectorContext, PageResult, Stream } from "@/server/sources/connector";
import type { HsPage } from "./hubspot-api";
import { lookups } from "./lookups";
import { activityObjects, mapActivity, type ActivityObject } from "./map-activity";
import { dealProperties, mapDeal } from "./map-deal";
import { mapStageHistory } from "./map-stage-history";
import { readObjectsPage, type ObjectCursor } from "./read-objects";

/** The deals pass, then (on incremental passes) the archived deals list, whose recent entries are deletions. */
type DealsCursor = ObjectCursor & { archived?: true };

const deals: Stream = {
  name: "deals",
  kind: "deals",
  async readPage(ctx, { cursor, since }) {
    const at = cursor as DealsCursor | null;
    if (at?.archived && since) return readArchivedPage(ctx, at.after, since);
    const names = await lookups(ctx);
    const page = await readObjectsPage(ctx, "deals", { properties: dealProperties }, { cursor: at, since });
    return {
      records: page.results.map((deal) => mapDeal(deal, names)),
      next: page.next ?? (since ? ({ archived: true } satisfies DealsCursor) : null),
      total: page.total,
    };
  },
};

/**
 * HubSpot lists archived deals only as a whole (search skips them), so every incremental pass walks that list and
 * reports the deals archived since the last pass.
 */
async function readArchivedPage(ctx: ConnectorContext, after: string | undefined, since: Date): Promise<PageResult> {
  const { body } = await ctx.http.request<HsPage>({ url: "/crm/v3/objects/deals", query: { archived: true, limit: 100, after } });
  const next = body.paging?.next?.after;
  return {
    records: [],
    deletedExternalIds: body.results.filter((d) => !d.archivedAt || Date.parse(d.archivedAt) >= since.getTime()).map((d) => d.id),
    next: next ? ({ archived: true, after: next } satisfies DealsCursor) : null,
  };
}

/** Stage moves of the deals changed since the last pass, from each deal's dealstage history. */
const dealStages: Stream = {
  name: "deal-stages",
  kind: "stage-events",
  async readPage(ctx, { cursor, since }) {
    const names = await lookups(ctx);
    const page = await readObjectsPage(ctx, "deals", { properties: ["pipeline"], history: "dealstage" }, { cursor: cursor as ObjectCursor | null, since });
    return { records: page.results.flatMap((deal) => mapStageHistory(deal, names)), next: page.next, total: page.total };
  },
};

function activities(object: ActivityObject): Stream {
  return {
    name: object,
    kind: "activities",
    async readPage(ctx, { cursor, since }) {
      const names = await lookups(ctx);
      const page = await readObjectsPage(ctx, object, { properties: activityObjects[object], associations: "deals" }, { cursor: cursor as ObjectCursor | null, since });
      return { records: page.results.map((activity) => mapActivity(object, activity, names)), next: page.next, total: page.total };
    },
  };
}

export const hubspotStreams: Stream[] = [deals, dealStages, activities("calls"), activities("meetings"), activities("emails")];

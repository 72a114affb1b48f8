import type { ConnectorContext, PageResult, Stream } from "@/server/sources/connector";
import { lookups, organizationNames } from "./lookups";
import { mapActivity } from "./map-activity";
import { mapDeal } from "./map-deal";
import { mapDealHistory } from "./map-deal-history";
import { readAllV1Pages, readCursorPage } from "./paging";
import type { PdActivity, PdDeal, PdFlowItem } from "./pipedrive-api";

/** Each flow read costs 40 of the daily token budget, so history pages stay small. */
const HISTORY_PAGE = 100;

/** RFC 3339 without milliseconds, as updated_since takes it. */
const rfc3339 = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, "Z");

const unreadable = (externalId: unknown) => ({ externalId: externalId == null ? undefined : String(externalId), message: { key: "sources.connect.errors.unreadableRecord" } });

/** Maps each row, turning a row the mapper cannot read into a reported failure instead of failing the page. */
function mapRows<T extends { id: number }, R>(rows: T[], map: (row: T) => R): Pick<PageResult, "records" | "failures"> {
  const records: R[] = [];
  const failures: NonNullable<PageResult["failures"]> = [];
  for (const row of rows) {
    try {
      records.push(map(row));
    } catch {
      failures.push(unreadable(row?.id));
    }
  }
  return { records, failures };
}

const isDeleted = (deal: PdDeal) => deal.is_deleted === true || deal.status === "deleted";

type DealsCursor = { phase: "live" | "deleted"; cursor: string | null };

/**
 * Deals updated since the last pass (all of them on the first), then, on incremental passes, the deals deleted
 * since (Pipedrive keeps them 30 days under status=deleted), reported as deletedExternalIds.
 */
const deals: Stream = {
  name: "deals",
  kind: "deals",
  async readPage(ctx, { cursor, since }) {
    const state = (cursor as DealsCursor | null) ?? { phase: "live", cursor: null };
    const page = await readCursorPage<PdDeal>(ctx, "/api/v2/deals", {
      updated_since: since ? rfc3339(since) : undefined,
      sort_by: "update_time",
      sort_direction: "asc",
      status: state.phase === "deleted" ? "deleted" : undefined,
    }, state.cursor);
    const live = page.rows.filter((deal) => !isDeleted(deal));
    const [names, customers] = await Promise.all([lookups(ctx), organizationNames(ctx, live.flatMap((d) => (d.org_id ? [d.org_id] : [])))]);
    const next: DealsCursor | null = page.next
      ? { phase: state.phase, cursor: page.next }
      : state.phase === "live" && since
        ? { phase: "deleted", cursor: null }
        : null;
    return {
      ...mapRows(live, (deal) => mapDeal(deal, names, customers)),
      deletedExternalIds: page.rows.filter(isDeleted).map((deal) => String(deal.id)),
      next,
    };
  },
};

/** Pipedrive has history only per deal: the deals changed since the last pass, each with its flow re-read. */
const dealHistory: Stream = {
  name: "deal-history",
  kind: "stage-events",
  async readPage(ctx, { cursor, since }) {
    const page = await readCursorPage<PdDeal>(ctx, "/api/v2/deals", { updated_since: since ? rfc3339(since) : undefined }, cursor as string | null, HISTORY_PAGE);
    const names = await lookups(ctx);
    const records = [];
    const failures = [];
    for (const deal of page.rows.filter((d) => !isDeleted(d))) {
      const flow = await readAllV1Pages<PdFlowItem>(ctx, `/v1/deals/${deal.id}/flow`, { items: "dealChange" });
      try {
        records.push(...mapDealHistory(deal, flow, names));
      } catch {
        failures.push(unreadable(deal.id));
      }
    }
    return { records, failures, next: page.next };
  },
};

/** Calls, meetings, e-mails and tasks updated since the last pass; deleted ones are left alone. */
const activities: Stream = {
  name: "activities",
  kind: "activities",
  async readPage(ctx: ConnectorContext, { cursor, since }) {
    const page = await readCursorPage<PdActivity>(ctx, "/api/v2/activities", { updated_since: since ? rfc3339(since) : undefined }, cursor as string | null);
    const names = await lookups(ctx);
    return { ...mapRows(page.rows.filter((a) => !a.is_deleted), (activity) => mapActivity(activity, names)), next: page.next };
  },
};

export const pipedriveStreams: Stream[] = [deals, dealHistory, activities];

import type { ConnectorContext, Stream } from "@/server/sources/connector";
import { mapRows } from "../record-mapping";
import { bxCall, bxTime, directory, loadCompanies, PAGE_SIZE } from "./bitrix24-api";
import { mapActivity, mapDeal, mapStageHistory, type BxActivity, type BxDeal, type BxStageHistoryItem } from "./mapping";

const DEAL_FIELDS = ["ID", "TITLE", "CATEGORY_ID", "STAGE_ID", "OPPORTUNITY", "CURRENCY_ID", "ASSIGNED_BY_ID", "COMPANY_ID", "SOURCE_ID", "DATE_CREATE", "CLOSEDATE", "CLOSED", "MOVED_TIME"];
const ACTIVITY_FIELDS = ["ID", "OWNER_ID", "OWNER_TYPE_ID", "TYPE_ID", "SUBJECT", "CREATED", "START_TIME", "END_TIME", "DEADLINE", "LAST_UPDATED", "COMPLETED", "RESPONSIBLE_ID", "DIRECTION"];
const HISTORY_FIELDS = ["ID", "TYPE_ID", "OWNER_ID", "CREATED_TIME", "CATEGORY_ID", "STAGE_ID"];
/** crm.stagehistory.list entity type of deals; TYPE_ID 1 is the row written when a deal is created. */
const DEAL_ENTITY_TYPE = 2;
const CREATED_ROW = "1";

type StartCursor = { start: number };

/** One page of a start/next list ordered by ID; `total` feeds the progress bar. */
async function listPage<T>(ctx: ConnectorContext, method: string, cursor: unknown, params: Record<string, unknown>) {
  const reply = await bxCall<T[]>(ctx, method, { order: { ID: "ASC" }, ...params, start: (cursor as StartCursor | null)?.start ?? 0 });
  return { rows: reply.result ?? [], next: reply.next ? { start: reply.next } : null, total: reply.total };
}

/** Deals modified since the last pass (all on the first); `>=` because the portal keeps whole seconds. */
const deals: Stream = {
  name: "deals",
  kind: "deals",
  async readPage(ctx, { cursor, since }) {
    const page = await listPage<BxDeal>(ctx, "crm.deal.list", cursor, {
      filter: since ? { ">=DATE_MODIFY": bxTime(since) } : {},
      select: DEAL_FIELDS,
    });
    const dir = await directory(ctx);
    await loadCompanies(ctx, dir, page.rows.flatMap((d) => (d.COMPANY_ID && d.COMPANY_ID !== "0" ? [d.COMPANY_ID] : [])));
    return { ...mapRows(page.rows, (deal) => mapDeal(deal, dir)), next: page.next, total: page.total };
  },
};

/** Form-style parameters (filter[OWNER_ID]=21) as a batch command's query string takes them. */
function formQuery(params: Record<string, unknown>, prefix = ""): string[] {
  return Object.entries(params).flatMap(([name, value]) => {
    const key = prefix ? `${prefix}[${name}]` : name;
    if (value !== null && typeof value === "object") return formQuery(value as Record<string, unknown>, key);
    return [`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`];
  });
}

/**
 * The stage each deal was in before the page's first row of it: the deal's row before that one, read in one
 * batch call for all such deals (the history names the stage entered, never the one left).
 */
async function previousStages(ctx: ConnectorContext, rows: BxStageHistoryItem[], known: Map<string, string>) {
  const seen = new Set<string>();
  const firstRows = new Map<string, BxStageHistoryItem>();
  for (const row of rows) {
    const owner = String(row.OWNER_ID);
    if (!known.has(owner) && !seen.has(owner) && String(row.TYPE_ID) !== CREATED_ROW) firstRows.set(owner, row);
    seen.add(owner);
  }
  if (firstRows.size === 0) return;
  const cmd = Object.fromEntries(
    [...firstRows].map(([owner, row]) => [
      `d${owner}`,
      `crm.stagehistory.list?${formQuery({
        entityTypeId: DEAL_ENTITY_TYPE,
        order: { ID: "DESC" },
        filter: { OWNER_ID: owner, "<ID": row.ID },
        select: ["ID", "STAGE_ID"],
      }).join("&")}`,
    ]),
  );
  const reply = await bxCall<{ result: Record<string, { items?: { STAGE_ID: string }[] }> }>(ctx, "batch", { halt: 0, cmd });
  for (const owner of firstRows.keys()) {
    const previous = reply.result.result?.[`d${owner}`]?.items?.[0];
    if (previous) known.set(owner, previous.STAGE_ID);
  }
}

type HistoryCursor = { afterId: number };

/** The account-wide deal stage history, created since the last pass, paged by ID (start=-1 skips the count). */
const dealHistory: Stream = {
  name: "deal-history",
  kind: "stage-events",
  async readPage(ctx, { cursor, since }) {
    const afterId = (cursor as HistoryCursor | null)?.afterId ?? 0;
    const reply = await bxCall<{ items: BxStageHistoryItem[] }>(ctx, "crm.stagehistory.list", {
      entityTypeId: DEAL_ENTITY_TYPE,
      order: { ID: "ASC" },
      filter: { ">ID": afterId, ...(since ? { ">=CREATED_TIME": bxTime(since) } : {}) },
      select: HISTORY_FIELDS,
      start: -1,
    });
    const rows = reply.result.items ?? [];
    const dir = await directory(ctx);
    if (!ctx.cache.has("bitrix24:lastStage")) ctx.cache.set("bitrix24:lastStage", new Map<string, string>());
    const lastStage = ctx.cache.get("bitrix24:lastStage") as Map<string, string>;
    await previousStages(ctx, rows, lastStage);
    const mapped = mapRows(rows, (row) => {
      const owner = String(row.OWNER_ID);
      const previous = lastStage.get(owner);
      lastStage.set(owner, row.STAGE_ID);
      return mapStageHistory(row, previous, dir);
    });
    return { ...mapped, next: rows.length === PAGE_SIZE ? { afterId: Number(rows.at(-1)!.ID) } : null };
  },
};

/** Calls, meetings, e-mails and tasks updated since the last pass. */
const activities: Stream = {
  name: "activities",
  kind: "activities",
  async readPage(ctx, { cursor, since }) {
    const page = await listPage<BxActivity>(ctx, "crm.activity.list", cursor, {
      filter: since ? { ">=LAST_UPDATED": bxTime(since) } : {},
      select: ACTIVITY_FIELDS,
    });
    const dir = await directory(ctx);
    return { ...mapRows(page.rows, (activity) => mapActivity(activity, dir)), next: page.next, total: page.total };
  },
};

export const bitrix24Streams: Stream[] = [deals, dealHistory, activities];

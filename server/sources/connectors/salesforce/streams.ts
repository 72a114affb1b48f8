import type { ConnectorContext, PageResult, Stream } from "@/server/sources/connector";
import { lookups } from "./lookups";
import { eventFields, mapEvent, mapTask, taskFields } from "./map-activity";
import { mapOpportunity, opportunityFields } from "./map-deal";
import { mapOpportunityHistory } from "./map-stage-history";
import { queryAll, queryPage, sfRequest } from "./query";
import { API_PATH, restDateTime, soqlDateTime, soqlString, type SfDeleted, type SfEvent, type SfOpportunity, type SfOpportunityHistory, type SfTask } from "./salesforce-api";

/** Get Deleted reaches back 30 days; a pass older than that reads what is left. */
const DELETED_REACH_MS = 29 * 24 * 3600_000;
/** History pages stay small enough to look up their opportunities' earlier stages in one query. */
const HISTORY_BATCH = 200;

const changedSince = (field: string, since: Date | null) => (since ? ` WHERE ${field} >= ${soqlDateTime(since)}` : "");
const nextUrl = (page: { done: boolean; nextRecordsUrl?: string }) => (page.done ? undefined : page.nextRecordsUrl);

/** The opportunities pass, then (on incremental passes) the ones deleted since. */
type DealsCursor = { next?: string; deleted?: true };

const deals: Stream = {
  name: "deals",
  kind: "deals",
  async readPage(ctx, { cursor, since }) {
    const at = cursor as DealsCursor | null;
    if (at?.deleted && since) return readDeleted(ctx, since);
    const names = await lookups(ctx);
    const soql = `SELECT ${opportunityFields(names.multiCurrency)} FROM Opportunity${changedSince("SystemModstamp", since)} ORDER BY SystemModstamp`;
    const page = await queryPage<SfOpportunity>(ctx, soql, at?.next);
    const next = nextUrl(page);
    return {
      records: page.records.map((o) => mapOpportunity(o, names)),
      next: next ? ({ next } satisfies DealsCursor) : since ? ({ deleted: true } satisfies DealsCursor) : null,
      total: page.totalSize,
    };
  },
};

async function readDeleted(ctx: ConnectorContext, since: Date): Promise<PageResult> {
  const end = new Date();
  const start = new Date(Math.max(since.getTime() - 60_000, end.getTime() - DELETED_REACH_MS));
  const body = await sfRequest<SfDeleted>(ctx, {
    url: `${API_PATH}/sobjects/Opportunity/deleted/`,
    query: { start: restDateTime(start), end: restDateTime(end) },
  });
  return { records: [], deletedExternalIds: body.deletedRecords.map((d) => d.id), next: null };
}

/** Where a history pass stands: the next batch, and the last opportunity's stage so far (its rows may go on). */
type HistoryCursor = { next?: string; last?: [opportunityId: string, stage: string] };

const opportunityHistory: Stream = {
  name: "opportunity-history",
  kind: "stage-events",
  async readPage(ctx, { cursor, since }) {
    const at = cursor as HistoryCursor | null;
    const soql = `SELECT Id, OpportunityId, StageName, CreatedDate FROM OpportunityHistory${changedSince("CreatedDate", since)} ORDER BY OpportunityId, CreatedDate`;
    const names = await lookups(ctx);
    const page = await queryPage<SfOpportunityHistory>(ctx, soql, at?.next, HISTORY_BATCH);
    const before = new Map(at?.last ? [at.last] : []);
    if (since) {
      const unknown = [...new Set(page.records.map((r) => r.OpportunityId))].filter((id) => !before.has(id));
      for (const [id, stage] of await stagesBefore(ctx, unknown, since)) before.set(id, stage);
    }
    const { events, after } = mapOpportunityHistory(page.records, before, names);
    const lastId = page.records.at(-1)?.OpportunityId;
    const lastStage = lastId ? after.get(lastId) : undefined;
    const next = nextUrl(page);
    return {
      records: events,
      next: next ? ({ next, ...(lastId && lastStage && { last: [lastId, lastStage] }) } satisfies HistoryCursor) : null,
      total: page.totalSize,
    };
  },
};

/** Each opportunity's stage as of `since` (its last history row before then), so a pass's first row is only a move when the stage changed. */
async function stagesBefore(ctx: ConnectorContext, ids: string[], since: Date): Promise<Map<string, string>> {
  const stages = new Map<string, string>();
  if (ids.length === 0) return stages;
  const rows = await queryAll<SfOpportunityHistory>(
    ctx,
    `SELECT OpportunityId, StageName, CreatedDate FROM OpportunityHistory WHERE OpportunityId IN (${ids.map(soqlString).join(", ")}) AND CreatedDate < ${soqlDateTime(since)} ORDER BY OpportunityId, CreatedDate`,
  );
  for (const row of rows) if (row.StageName) stages.set(row.OpportunityId, row.StageName);
  return stages;
}

function activities<T>(name: string, object: string, fields: string, map: (row: T, names: Awaited<ReturnType<typeof lookups>>) => unknown): Stream {
  return {
    name,
    kind: "activities",
    async readPage(ctx, { cursor, since }) {
      const soql = `SELECT ${fields} FROM ${object}${changedSince("SystemModstamp", since)} ORDER BY SystemModstamp`;
      const names = await lookups(ctx);
      const page = await queryPage<T>(ctx, soql, (cursor as string | null) ?? undefined);
      return { records: page.records.map((row) => map(row, names)), next: nextUrl(page) ?? null, total: page.totalSize };
    },
  };
}

export const salesforceStreams: Stream[] = [
  deals,
  opportunityHistory,
  activities<SfTask>("tasks", "Task", taskFields, mapTask),
  activities<SfEvent>("events", "Event", eventFields, (event, names) => mapEvent(event, names, new Date())),
];

import type { HttpRequest, Stream } from "@/server/sources/connector";
import { mapRows } from "../record-mapping";
import { amoPage, directory, loadCompanies } from "./amocrm-api";
import { mapCallNote, mapLead, mapStatusChange, mapTask, type AmoCallNote, type AmoDirectory, type AmoEvent, type AmoLead, type AmoTask } from "./mapping";

/** Largest pages amoCRM serves: 250 for leads, tasks and notes, 100 for events. */
const LIST_LIMIT = 250;
const EVENTS_LIMIT = 100;

type PageCursor = { page: number };
const pageOf = (cursor: unknown) => (cursor as PageCursor | null)?.page ?? 1;
const unixSince = (since: Date | null) => (since ? Math.floor(since.getTime() / 1000) : undefined);

const nextPage = (page: number, hasNext: boolean): PageCursor | null => (hasNext ? { page: page + 1 } : null);

type DealsCursor = { page: number; phase?: "deleted" };

/**
 * Leads updated since the last pass (all on the first), in id order so edits during the pass do not shift pages;
 * then, on incremental passes, the leads moved to the trash since (with=only_deleted), reported as deletions.
 */
const deals: Stream = {
  name: "deals",
  kind: "deals",
  async readPage(ctx, { cursor, since }) {
    const state = (cursor as DealsCursor | null) ?? { page: 1 };
    const query = { page: state.page, limit: LIST_LIMIT, "order[id]": "asc", "filter[updated_at][from]": unixSince(since) };
    if (state.phase === "deleted") {
      const { rows, hasNext } = await amoPage<"leads", AmoLead>(ctx, "/api/v4/leads", "leads", { ...query, with: "only_deleted" });
      return { records: [], deletedExternalIds: rows.map((lead) => String(lead.id)), next: hasNext ? { page: state.page + 1, phase: "deleted" } : null };
    }
    const { rows, hasNext } = await amoPage<"leads", AmoLead>(ctx, "/api/v4/leads", "leads", { ...query, with: "loss_reason" });
    const dir = await directory(ctx);
    await loadCompanies(ctx, dir, rows.flatMap((lead) => lead._embedded?.companies?.slice(0, 1).map((c) => c.id) ?? []));
    const next: DealsCursor | null = hasNext ? { page: state.page + 1 } : since ? { page: 1, phase: "deleted" } : null;
    return { ...mapRows(rows, (lead) => mapLead(lead, dir)), next };
  },
};

/** A stream over one HAL list filtered by a since-mark: each page mapped with the run's directory. */
function listStream<T extends { id: number | string }>(spec: {
  name: string;
  kind: Stream["kind"];
  url: string;
  key: string;
  limit: number;
  filter: (since: number | undefined) => HttpRequest["query"];
  map: (row: T, dir: AmoDirectory) => unknown;
}): Stream {
  return {
    name: spec.name,
    kind: spec.kind,
    async readPage(ctx, { cursor, since }) {
      const page = pageOf(cursor);
      const { rows, hasNext } = await amoPage<string, T>(ctx, spec.url, spec.key, { page, limit: spec.limit, ...spec.filter(unixSince(since)) });
      const dir = await directory(ctx);
      return { ...mapRows(rows, (row) => spec.map(row, dir)), next: nextPage(page, hasNext) };
    },
  };
}

/** The account-wide log of lead status changes, created since the last pass. */
const dealHistory = listStream<AmoEvent>({
  name: "deal-history",
  kind: "stage-events",
  url: "/api/v4/events",
  key: "events",
  limit: EVENTS_LIMIT,
  filter: (since) => ({ "filter[type]": "lead_status_changed", "filter[created_at][from]": since }),
  map: mapStatusChange,
});

/** Tasks (calls, meetings and custom types) updated since the last pass. */
const tasks = listStream<AmoTask>({
  name: "tasks",
  kind: "activities",
  url: "/api/v4/tasks",
  key: "tasks",
  limit: LIST_LIMIT,
  filter: (since) => ({ "order[id]": "asc", "filter[updated_at][from]": since }),
  map: mapTask,
});

/** Calls logged on leads by telephony integrations (call_in / call_out notes) since the last pass. */
const calls = listStream<AmoCallNote>({
  name: "calls",
  kind: "activities",
  url: "/api/v4/leads/notes",
  key: "notes",
  limit: LIST_LIMIT,
  filter: (since) => ({ "filter[note_type][]": ["call_in", "call_out"], "filter[updated_at][from]": since }),
  map: mapCallNote,
});

export const amocrmStreams: Stream[] = [deals, dealHistory, tasks, calls];

import type { Stream } from "@/server/sources/connector";
import { mapRows } from "../record-mapping";
import { amoPage, directory, loadCompanies } from "./amocrm-api";
import { mapCallNote, mapLead, mapStatusChange, mapTask, type AmoCallNote, type AmoEvent, type AmoLead, type AmoTask } from "./mapping";

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

/** The account-wide log of lead status changes, created since the last pass. */
const dealHistory: Stream = {
  name: "deal-history",
  kind: "stage-events",
  async readPage(ctx, { cursor, since }) {
    const page = pageOf(cursor);
    const { rows, hasNext } = await amoPage<"events", AmoEvent>(ctx, "/api/v4/events", "events", {
      page,
      limit: EVENTS_LIMIT,
      "filter[type]": "lead_status_changed",
      "filter[created_at][from]": unixSince(since),
    });
    const dir = await directory(ctx);
    return { ...mapRows(rows, (event) => mapStatusChange(event, dir)), next: nextPage(page, hasNext) };
  },
};

/** Tasks (calls, meetings and custom types) updated since the last pass. */
const tasks: Stream = {
  name: "tasks",
  kind: "activities",
  async readPage(ctx, { cursor, since }) {
    const page = pageOf(cursor);
    const { rows, hasNext } = await amoPage<"tasks", AmoTask>(ctx, "/api/v4/tasks", "tasks", {
      page,
      limit: LIST_LIMIT,
      "order[id]": "asc",
      "filter[updated_at][from]": unixSince(since),
    });
    const dir = await directory(ctx);
    return { ...mapRows(rows, (task) => mapTask(task, dir)), next: nextPage(page, hasNext) };
  },
};

/** Calls logged on leads by telephony integrations (call_in / call_out notes) since the last pass. */
const calls: Stream = {
  name: "calls",
  kind: "activities",
  async readPage(ctx, { cursor, since }) {
    const page = pageOf(cursor);
    const { rows, hasNext } = await amoPage<"notes", AmoCallNote>(ctx, "/api/v4/leads/notes", "notes", {
      page,
      limit: LIST_LIMIT,
      "filter[note_type][]": ["call_in", "call_out"],
      "filter[updated_at][from]": unixSince(since),
    });
    const dir = await directory(ctx);
    return { ...mapRows(rows, (note) => mapCallNote(note, dir)), next: nextPage(page, hasNext) };
  },
};

export const amocrmStreams: Stream[] = [deals, dealHistory, tasks, calls];

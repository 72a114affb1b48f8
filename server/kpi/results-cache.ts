import { createHash } from "node:crypto";
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";

/**
 * How long a computed response is reused: within the same slot of the caller's clock (`now`), so what depends on
 * the time of day (time in stage so far, stale deals, the pipeline "now") lags by at most this much.
 */
export const RESULTS_SLOT_MS = 5 * 60 * 1000;
/** A stored response older than this (database clock) is not reused as fresh, whatever `now` the caller passes. */
const FRESH_FOR_SECONDS = 10 * 60;
/** Responses that took longer than this to compute are not stored (the change log is kept for a day, see prune). */
const STORE_IF_COMPUTED_WITHIN_MS = 5 * 60 * 1000;

export const slotStartOf = (now: Date) => new Date(Math.floor(now.getTime() / RESULTS_SLOT_MS) * RESULTS_SLOT_MS);

const hashOf = (key: string) => createHash("sha256").update(key).digest("base64url");

/** No change to org `orgId`'s KPI inputs that `snapshot` did not see (committed since, or in progress then). */
const unchangedSince = (orgId: SQL, snapshot: SQL) => sql`not exists (
  select 1 from org_data_changes ch
  where ch.org_id = ${orgId} and ch.xid >= pg_snapshot_xmin(${snapshot}) and not pg_visible_in_snapshot(ch.xid, ${snapshot}))`;

/**
 * Responses being computed in this process, per org, request key and time slot, with the snapshot taken before
 * their computation began: a second caller of the same (a person opening the dashboard the worker is computing
 * ahead of them) waits for it instead of computing it again beside it on the same cores.
 */
const inFlight = new Map<string, { snapshot: string; response: Promise<unknown> }>();

/**
 * How a caller lets stored responses be reused. `staleUpToMs`: a response of an earlier time slot whose org has not
 * changed since may be given at once if that slot began at most this long before `now`; it is then computed again
 * in the background and stored (`onRefresh` receives that work). Only the time of day can have moved it: the data,
 * plans and settings are the same.
 */
export type Reuse = { staleUpToMs?: number; onRefresh?: (refresh: Promise<void>) => void };

/**
 * What screens people look at pass (dashboards, the agency overview): a response up to 30 minutes old is shown while
 * it is computed again, if nothing of the org changed since. The read API and exports always take fresh ones.
 */
export const VIEW_REUSE: Reuse = { staleUpToMs: 30 * 60 * 1000 };

/** The longest `staleUpToMs` honoured (the database clock must agree: see the lookup). */
const STALE_AT_MOST_MS = 60 * 60 * 1000;

/**
 * The responses of `compute` for `orgIds`, reusing those stored for the same request key (per org: the request and
 * its resolved periods, see `keyOf`) in the same time slot (or an earlier one, per `reuse`), computed from a snapshot
 * that saw every change to the org's KPI inputs (org_data_changes, written by triggers on every table the engine
 * reads: migration 0009). The rest are computed in one `compute` call and stored with the snapshot taken before
 * it, so a change committed while they computed makes them stale rather than wrongly fresh.
 */
export async function withResultsCache<T>(
  db: Db,
  orgIds: string[],
  keyOf: (orgId: string) => string,
  now: Date,
  compute: (orgIds: string[]) => Promise<Map<string, T>>,
  reuse: Reuse = {},
): Promise<Map<string, T>> {
  if (orgIds.length === 0) return new Map();
  const keyById = new Map(orgIds.map((id) => [id, hashOf(keyOf(id))]));
  const slotStart = slotStartOf(now);
  const staleUpTo = Math.min(reuse.staleUpToMs ?? 0, STALE_AT_MOST_MS);
  const staleFrom = new Date(slotStart.getTime() - staleUpTo);
  const rows = await db.execute<{ snapshot: string; org_id: string | null; response: T | null; fresh: boolean }>(sql`
    select pg_current_snapshot()::text as snapshot, c.org_id, c.response, c.fresh
    from (select 1) one
    left join lateral (
      select c.org_id, c.response,
        c.slot_start = ${slotStart.toISOString()}::timestamptz and c.computed_at > now() - make_interval(secs => ${FRESH_FOR_SECONDS}) as fresh
      from unnest(${`{${orgIds.join(",")}}`}::uuid[], ${`{${[...keyById.values()].join(",")}}`}::text[]) k(org_id, request_key)
      join kpi_results_cache c on c.org_id = k.org_id and c.request_key = k.request_key
      where c.slot_start <= ${slotStart.toISOString()}::timestamptz and c.slot_start >= ${staleFrom.toISOString()}::timestamptz
        and c.computed_at > now() - make_interval(secs => ${Math.max(FRESH_FOR_SECONDS, staleUpTo / 1000)})
        and ${unchangedSince(sql`c.org_id`, sql`c.snapshot`)}
    ) c on true`);
  const snapshot = rows[0]!.snapshot;
  const results = new Map<string, T>();
  const stale: string[] = [];
  for (const row of rows) {
    if (!row.org_id || (!row.fresh && staleUpTo === 0)) continue;
    results.set(row.org_id, row.response as T);
    if (!row.fresh) stale.push(row.org_id);
  }
  const flightOf = (id: string) => `${id} ${keyById.get(id)} ${slotStart.getTime()}`;
  const computeAndStore = async (ids: string[], before: string) => {
    const started = performance.now();
    const computing = compute(ids);
    const flights = ids.map((id) => [flightOf(id), { snapshot: before, response: computing.then((computed) => computed.get(id)) }] as const);
    for (const [flight, entry] of flights) {
      entry.response.catch(() => {});
      inFlight.set(flight, entry);
    }
    const computed = await computing.finally(() => {
      for (const [flight, entry] of flights) if (inFlight.get(flight) === entry) inFlight.delete(flight);
    });
    if (performance.now() - started <= STORE_IF_COMPUTED_WITHIN_MS) {
      await store(db, ids.map((id) => ({ orgId: id, key: keyById.get(id)!, response: computed.get(id)! })), slotStart, before);
    }
    return computed;
  };
  if (stale.length > 0) {
    const refresh = currentSnapshot(db)
      .then((before) => computeAndStore(stale, before))
      .then(
        () => undefined,
        (error: unknown) => console.error("KPI results: background refresh failed", error),
      );
    reuse.onRefresh?.(refresh);
  }
  const flying = await inFlightFor(db, orgIds.filter((id) => !results.has(id)), flightOf);
  const [computed, waited] = await Promise.all([
    flying.rest.length > 0 ? computeAndStore(flying.rest, snapshot) : new Map<string, T>(),
    Promise.allSettled(flying.joined.map(async ({ id, response }) => [id, (await response) as T] as const)),
  ]);
  for (const [id, response] of computed) results.set(id, response);
  for (const outcome of waited) if (outcome.status === "fulfilled") results.set(...outcome.value);
  const failed = flying.joined.filter(({ id }) => !results.has(id)).map(({ id }) => id);
  if (failed.length > 0) for (const [id, response] of await computeAndStore(failed, snapshot)) results.set(id, response);
  return results;
}

/**
 * Of `ids`, those whose response is being computed in this process from a snapshot that saw every change to their
 * org (the same rule as for stored ones), with that computation (`joined`), and the rest.
 */
async function inFlightFor(db: Db, ids: string[], flightOf: (id: string) => string) {
  const flying = ids.flatMap((id) => {
    const flight = inFlight.get(flightOf(id));
    return flight ? [{ id, ...flight }] : [];
  });
  if (flying.length === 0) return { joined: [], rest: ids };
  const current = await db.execute<{ org_id: string }>(sql`
    select k.org_id from jsonb_to_recordset(${JSON.stringify(flying.map((f) => ({ org_id: f.id, snapshot: f.snapshot })))}::jsonb) as k(org_id uuid, snapshot text)
    where ${unchangedSince(sql`k.org_id`, sql`k.snapshot::pg_snapshot`)}`);
  const unchanged = new Set(current.map((row) => row.org_id));
  return { joined: flying.filter((f) => unchanged.has(f.id)), rest: ids.filter((id) => !unchanged.has(id)) };
}

const currentSnapshot = async (db: Db) => (await db.execute<{ snapshot: string }>(sql`select pg_current_snapshot()::text as snapshot`))[0]!.snapshot;

/**
 * Stores the responses (replacing the org's earlier one for the same key) and prunes what no reuse can need any
 * more: responses and change-log rows older than a day. A change-log row is needed while a response computed from
 * a snapshot that did not see it can be reused (an hour at most); deleting it a day on assumes no writing
 * transaction stays open for a day.
 */
async function store<T>(db: Db, entries: { orgId: string; key: string; response: T }[], slotStart: Date, snapshot: string) {
  const ids = `{${entries.map((e) => e.orgId).join(",")}}`;
  const keys = `{${[...new Set(entries.map((e) => e.key))].join(",")}}`;
  await db.execute(sql`
    with stored as (
      insert into kpi_results_cache (org_id, request_key, slot_start, snapshot, response)
      select e.org_id, e.request_key, ${slotStart.toISOString()}::timestamptz, ${snapshot}::pg_snapshot, e.response
      from jsonb_to_recordset(${JSON.stringify(entries.map((e) => ({ org_id: e.orgId, request_key: e.key, response: e.response })))}::jsonb)
        as e(org_id uuid, request_key text, response jsonb)
      on conflict (org_id, request_key) do update
        set slot_start = excluded.slot_start, snapshot = excluded.snapshot, response = excluded.response, computed_at = now()
      returning 1
    ),
    old_responses as (
      delete from kpi_results_cache
      where org_id = any (${ids}::uuid[]) and computed_at < now() - interval '1 day' and request_key <> all (${keys}::text[])
      returning 1
    ),
    old_changes as (
      delete from org_data_changes where org_id = any (${ids}::uuid[]) and changed_at < now() - interval '1 day' returning 1
    )
    select (select count(*) from stored), (select count(*) from old_responses), (select count(*) from old_changes)`);
}

/**
 * `npm run bench sync`: the sync engine end to end. A local fake CRM generates BENCH_SYNC_DEALS deals (default
 * 1,000,000) and 5 stage events per deal on the fly, served in pages of 500; runSync reads them into a fresh
 * database salespulse_bench_sync on BENCH_DATABASE_URL's server (default: the local PostgreSQL). Prints records/s
 * and the process's peak RSS (the fake CRM runs in the same process), then PostgreSQL COPY of the same rows.
 * BENCH_SYNC_LOG_MS=200 logs the plan of every statement slower than that into the PostgreSQL log (auto_explain).
 */
import { sql as raw } from "drizzle-orm";
import postgres from "postgres";
import { createDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { dataSources, organizations, syncRuns } from "@/db/schema";
import { runSync } from "@/server/sources/run-sync";
import { sealCredentials, sourcesEncryptionKey, generateSourcesEncryptionKey } from "@/server/sources/secrets";
import { fakeConnector, fakeDeal, fakeStageCount, fakeStageEvent, startFakeCrm, type FakeDataset, type FakeItem } from "@/server/sources/testing/fake-crm";

const DEALS = Number(process.env.BENCH_SYNC_DEALS ?? 1_000_000);
const EVENTS_PER_DEAL = fakeStageCount;
const PAGE = 500;
const LOG_MS = process.env.BENCH_SYNC_LOG_MS;
const server = new URL(process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
const url = new URL(server);
url.pathname = "/salespulse_bench_sync";

/** Deals 1..DEALS and events 1..DEALS×5 (event n moves deal ⌈n/5⌉ to step (n−1) mod 5), made per page, never held. */
const generated: FakeDataset = {
  page(stream, { after, limit }) {
    const count = stream === "deals" ? DEALS : DEALS * EVENTS_PER_DEAL;
    const items: FakeItem[] = [];
    for (let id = after + 1; id <= Math.min(count, after + limit); id++) {
      const record = stream === "deals" ? fakeDeal(id) : fakeStageEvent(id, Math.ceil(id / EVENTS_PER_DEAL), (id - 1) % EVENTS_PER_DEAL);
      items.push({ id, updatedAt: 0, record });
    }
    const last = items.at(-1)?.id ?? after;
    return { items, next: last < count ? last : null, total: count };
  },
};

async function freshDatabase() {
  const admin = postgres(server.toString(), { max: 1, onnotice: () => {} });
  await admin.unsafe("drop database if exists salespulse_bench_sync with (force)");
  await admin.unsafe("create database salespulse_bench_sync");
  if (LOG_MS) {
    for (const setting of [
      "session_preload_libraries = 'auto_explain'",
      `auto_explain.log_min_duration = ${Number(LOG_MS)}`,
      "auto_explain.log_analyze = on",
      "auto_explain.log_buffers = on",
      "auto_explain.log_nested_statements = on",
    ]) {
      await admin.unsafe(`alter database salespulse_bench_sync set ${setting}`);
    }
  }
  await admin.end();
  await runMigrations(url.toString());
}

function peakRss() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  return { stop: () => (clearInterval(timer), Math.max(peak, process.memoryUsage().rss)) };
}

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
const rate = (n: number, ms: number) => `${Math.round(n / (ms / 1000)).toLocaleString("en")} records/s`;

async function main() {
  process.env.SOURCES_ENCRYPTION_KEY ??= generateSourcesEncryptionKey();
  await freshDatabase();
  const { db, sql } = createDb(url.toString(), { max: 4 });
  const crm = await startFakeCrm(generated);
  const [org] = await db.insert(organizations).values({ name: "Bench Sync", slug: "bench-sync" }).returning();
  const [source] = await db
    .insert(dataSources)
    .values({ orgId: org!.id, kind: "pipedrive", name: "Fake CRM", credentials: sealCredentials({ baseUrl: crm.url, token: "secret-token" }, sourcesEncryptionKey()) })
    .returning();
  const [run] = await db.insert(syncRuns).values({ orgId: org!.id, sourceId: source!.id }).returning();
  const records = DEALS * (1 + EVENTS_PER_DEAL);
  console.log(`Syncing ${DEALS.toLocaleString("en")} deals + ${(DEALS * EVENTS_PER_DEAL).toLocaleString("en")} stage events in pages of ${PAGE}…`);

  const rss = peakRss();
  const started = performance.now();
  const progress = setInterval(async () => {
    const [r] = await db.select({ done: syncRuns.recordsDone }).from(syncRuns).where(raw`id = ${run!.id}`);
    console.log(`  ${r!.done.toLocaleString("en")} records, ${rate(r!.done, performance.now() - started)}, rss ${mb(process.memoryUsage().rss)}`);
  }, 30_000);
  const result = await runSync(db, org!.id, run!.id, { connectors: { pipedrive: fakeConnector(PAGE) } });
  const syncMs = performance.now() - started;
  clearInterval(progress);
  const peak = rss.stop();
  if (result.run?.status !== "succeeded") throw new Error(`sync ended ${result.run?.status}: ${JSON.stringify(result.run?.error)}`);
  console.log(`sync: ${records.toLocaleString("en")} records in ${(syncMs / 1000).toFixed(1)} s = ${rate(records, syncMs)}; peak RSS ${mb(peak)}`);
  console.log(`  run: created ${result.run.created}, updated ${result.run.updated}, failed ${result.run.failed}, pages ${result.run.pagesDone}`);

  // The same rows by COPY into a second source: the floor any writer of these tables can reach.
  const [copySource] = await db.insert(dataSources).values({ orgId: org!.id, kind: "api", name: "COPY" }).returning();
  const [pipeline] = await sql`select id from pipelines where org_id = ${org!.id} limit 1`;
  const stageIds = (await sql`select id from stages where org_id = ${org!.id} order by external_id`).map((s) => s.id as string);
  const copyStarted = performance.now();
  const deals = await sql`copy deals (org_id, source_id, external_id, title, pipeline_id, stage_id, amount, currency, created_at) from stdin`.writable();
  await writeLines(deals, DEALS, (id) => {
    const d = fakeDeal(id);
    return [org!.id, copySource!.id, d.externalId, d.title, pipeline!.id, stageIds[id % stageIds.length], d.amount, d.currency, d.createdAt].join("\t");
  });
  const dealIds = new Map((await sql`select external_id, id from deals where source_id = ${copySource!.id}`).map((r) => [r.external_id as string, r.id as string]));
  const events = await sql`copy deal_stage_events (org_id, source_id, external_id, deal_id, from_stage_id, to_stage_id, at) from stdin`.writable();
  await writeLines(events, DEALS * EVENTS_PER_DEAL, (id) => {
    const step = (id - 1) % EVENTS_PER_DEAL;
    const e = fakeStageEvent(id, Math.ceil(id / EVENTS_PER_DEAL), step);
    return [org!.id, copySource!.id, e.externalId, dealIds.get(e.dealExternalId), step > 0 ? stageIds[step - 1] : "\\N", stageIds[step], e.at].join("\t");
  });
  const copyMs = performance.now() - copyStarted;
  console.log(`COPY: ${records.toLocaleString("en")} rows in ${(copyMs / 1000).toFixed(1)} s = ${rate(records, copyMs)} (deal ids looked up in memory between the two tables)`);

  await crm.close();
  await sql.end();
  process.exit(0);
}

/** Streams `count` tab-separated lines into a COPY, respecting back-pressure. */
async function writeLines(stream: import("node:stream").Writable, count: number, line: (id: number) => string) {
  for (let id = 1; id <= count; id++) {
    if (!stream.write(line(id) + "\n")) await new Promise((resolve) => stream.once("drain", resolve));
  }
  await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

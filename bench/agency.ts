/**
 * `npm run bench agency`: the agency overview table over 50 clients with demo-sized data each (the demo generator
 * at scale 1, a different seed per client). The data is loaded once into the database salespulse_bench_agency on
 * the server of BENCH_DATABASE_URL (default: the local PostgreSQL) and reused by later runs. Four scenarios per
 * period: a repeat view (every client's stored results reused), a view 5 minutes after the last with no change
 * (stored results shown, computed again in the background), one client changed since the last view (a sync),
 * every client changed (everything computed). BENCH_RUNS runs each (default 20).
 */
import { loadavg } from "node:os";
import { and, eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import type { Db } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import * as schema from "@/db/schema";
import { organizations } from "@/db/schema";
import { loadDemoDataset, organizationHasDeals } from "@/db/seed/load-dataset";
import { agencyOverview } from "@/server/agency/overview";
import { RESULTS_SLOT_MS } from "@/server/kpi/results-cache";

const CLIENTS = 50;
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const NOW = new Date("2026-11-20T12:00:00Z");
const server = new URL(process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
const url = new URL(server);
url.pathname = "/salespulse_bench_agency";

async function ensureDatabase() {
  const admin = postgres(server.toString(), { max: 1, onnotice: () => {} });
  const [exists] = await admin`select 1 from pg_database where datname = 'salespulse_bench_agency'`;
  if (!exists) await admin.unsafe("create database salespulse_bench_agency");
  await admin.end();
  await runMigrations(url.toString());
}

/** The agency and its clients, each with a year of demo data (loaded only where missing). */
async function ensureAgency(db: Db) {
  await db.insert(organizations).values({ name: "Bench Agency", slug: "bench-agency", kind: "agency" }).onConflictDoNothing({ target: organizations.slug });
  const [agency] = await db.select().from(organizations).where(eq(organizations.slug, "bench-agency"));
  for (let i = 1; i <= CLIENTS; i++) {
    const slug = `bench-client-${i}`;
    await db
      .insert(organizations)
      .values({ name: `Client ${String(i).padStart(2, "0")}`, slug, agencyOrgId: agency!.id, currency: "USD", timeZone: "Europe/Kyiv" })
      .onConflictDoNothing({ target: organizations.slug });
    const [client] = await db.select({ id: organizations.id }).from(organizations).where(and(eq(organizations.slug, slug)));
    if (await organizationHasDeals(db, client!.id)) continue;
    const started = performance.now();
    const loaded = await db.transaction((tx) => loadDemoDataset(tx, client!.id, { seed: i, scale: 1, now: NOW }));
    console.log(`${slug}: ${loaded.deals} deals, ${loaded.rows} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  // Statistics and the visibility map (index-only scans), as autovacuum would keep them.
  await db.execute(sql`vacuum analyze`);
  return agency!;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;

async function main() {
  await ensureDatabase();
  let statements = 0;
  // The app's pool size; every statement sent to the server is counted (the warm-up opens the connections first).
  const client = postgres(url.toString(), {
    max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
    onnotice: () => {},
    // The app's session settings (db/client.ts): no jit, 64MB per sort.
    connection: { jit: "off", work_mem: process.env.DATABASE_WORK_MEM || "64MB" },
    debug: () => void statements++,
  });
  const db = drizzle(client, { schema, casing: "snake_case" }) as unknown as Db;
  try {
    const agency = await ensureAgency(db);
    const clients = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.agencyOrgId, agency.id));
    // A write to a client (its settings row, unchanged) that the change triggers note: its stored results are not reused.
    const change = (ids: string[]) => db.execute(sql`update organizations set name = name where id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`);
    const scenarios: { name: string; changed: (run: number) => string[]; later?: boolean }[] = [
      { name: "repeat view (no client changed since the last one)", changed: () => [] },
      { name: "5 minutes after the last view, no client changed", changed: () => [], later: true },
      { name: "one client changed since the last view", changed: (run: number) => [clients[run % CLIENTS]!.id] },
      { name: "every client changed (all computed)", changed: () => clients.map((c) => c.id) },
    ];
    for (const period of [{ period: "this_month" as const }, { period: "this_quarter" as const }]) {
      for (const scenario of scenarios) {
        await agencyOverview(db, agency, period, NOW); // warm-up
        const times: number[] = [];
        let counted = 0;
        const loadBefore = loadavg()[0]!;
        for (let run = 0; run < RUNS; run++) {
          const changed = scenario.changed(run);
          if (changed.length > 0) await change(changed);
          // Each run one 5-minute slot after the last: the stored rows are shown and computed again behind them;
          // the pause lets that background work finish before the next run, as between two people's views.
          const now = scenario.later ? new Date(NOW.getTime() + (run + 1) * RESULTS_SLOT_MS) : NOW;
          if (scenario.later) await new Promise((resolve) => setTimeout(resolve, 2_000));
          statements = 0;
          const started = performance.now();
          const overview = await agencyOverview(db, agency, period, now);
          times.push(performance.now() - started);
          counted += statements;
          if (overview.clients.length !== CLIENTS) throw new Error(`expected ${CLIENTS} clients, got ${overview.clients.length}`);
        }
        times.sort((a, b) => a - b);
        console.log(
          `overview of ${CLIENTS} clients, ${period.period}, ${scenario.name}: p50 ${percentile(times, 0.5).toFixed(0)} ms, ` +
            `p95 ${percentile(times, 0.95).toFixed(0)} ms, ${counted / RUNS} statements per overview, load average ${loadBefore.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}`,
        );
      }
    }
  } finally {
    await client.end();
  }
}

await main();

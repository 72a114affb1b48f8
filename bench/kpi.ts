/**
 * `npm run bench kpi`: the KPI engine on the demo data at scale 200 (about a million deals). The data is loaded once
 * into the database salespulse_bench on the server of BENCH_DATABASE_URL (default: the local PostgreSQL) with
 * `npm run seed:demo` (about 9 minutes) and reused by later runs. Measures p50/p95 of the head of sales' dashboard
 * (all its metrics, per rep, with the previous period, through computeMetrics) and of a single tile, cold (a new
 * connection pool) and warm, beside one computeMetrics call per widget.
 */
import { spawnSync } from "node:child_process";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import type { Db } from "@/db/client";
import * as schema from "@/db/schema";
import { organizations } from "@/db/schema";
import { organizationHasDeals } from "@/db/seed/load-dataset";
import { computeMetrics } from "@/server/kpi/compute";
import type { MetricRequest } from "@/server/kpi/request";

const SCALE = Number(process.env.BENCH_KPI_SCALE ?? 200);
const RUNS = Number(process.env.BENCH_KPI_RUNS ?? 10);
const server = new URL(process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
const url = new URL(server);
url.pathname = "/salespulse_bench";

/** The head of sales' dashboard (kpi-catalog **Roles**): plan vs. actual per rep, funnel, stages, velocity, churn. */
const HEAD_OF_SALES = [
  "revenue_won", "plan_attainment", "plan_remaining", "share_at_quota", "pipeline_coverage",
  "leads_created", "leads_qualified", "meetings_scheduled", "meetings_held", "deals_won", "deals_fulfilled",
  "conv_lead_qualified", "conv_lead_meeting", "conv_show_up", "conv_meeting_won", "conv_won_fulfilled",
  "conv_stage_to_stage", "stage_duration", "sales_velocity", "time_to_loss", "churn_by_rep", "close_rate_provided", "response_time",
];

const connect = () => {
  let queries = 0;
  const client = postgres(url.toString(), { max: Number(process.env.DATABASE_POOL_SIZE ?? 10), onnotice: () => {}, debug: () => void queries++ });
  return { client, db: drizzle(client, { schema, casing: "snake_case" }) as unknown as Db, queries: () => queries };
};

async function ensureData(): Promise<string> {
  const admin = postgres(server.toString(), { max: 1, onnotice: () => {} });
  const [exists] = await admin`select 1 from pg_database where datname = 'salespulse_bench'`;
  if (!exists) await admin.unsafe("create database salespulse_bench");
  await admin.end();
  const { client, db } = connect();
  try {
    const [org] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, "bench"));
    if (org && (await organizationHasDeals(db, org.id))) return org.id;
  } finally {
    await client.end();
  }
  console.log(`seeding scale ${SCALE} into salespulse_bench (about 9 minutes at 200)…`);
  const seeded = spawnSync("npx", ["tsx", "scripts/seed-demo.ts", "--scale", String(SCALE), "--database-url", url.toString(), "--skip-fk-checks"], { stdio: "inherit" });
  if (seeded.status !== 0) process.exit(seeded.status ?? 1);
  return ensureData();
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
const ms = (value: number) => `${value.toFixed(0)} ms`;

async function measure(label: string, orgId: string, run: (db: Db, orgId: string) => Promise<unknown>) {
  // Cold: the first call on a new connection pool (the server's caches stay as they are).
  const cold = connect();
  let started = performance.now();
  try {
    await run(cold.db, orgId);
  } finally {
    await cold.client.end();
  }
  const coldMs = performance.now() - started;
  const warm = connect();
  const times: number[] = [];
  try {
    await run(warm.db, orgId);
    const before = warm.queries();
    for (let i = 0; i < RUNS; i++) {
      started = performance.now();
      await run(warm.db, orgId);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    console.log(
      `${label}: cold ${ms(coldMs)}; warm p50 ${ms(percentile(times, 0.5))}, p95 ${ms(percentile(times, 0.95))} ` +
        `(${RUNS} runs, ${((warm.queries() - before) / RUNS).toFixed(0)} statements per run)`,
    );
  } finally {
    await warm.client.end();
  }
}

async function main() {
  const orgId = await ensureData();
  const now = new Date();
  const request = (metrics: string[], extra: Partial<MetricRequest> = {}): MetricRequest => ({
    metrics, period: { period: "this_month" }, comparison: "previous_period", ...extra,
  });
  await measure("single tile (revenue_won, this month vs. last)", orgId, (db, id) => computeMetrics(db, id, request(["revenue_won"]), now));
  await measure(`head-of-sales dashboard (${HEAD_OF_SALES.length} metrics, per rep)`, orgId, (db, id) =>
    computeMetrics(db, id, request(HEAD_OF_SALES, { breakdown: "rep" }), now));
  // Naive: one computeMetrics call (its own queries) per widget, one after another, warm; each widget's time shows
  // where the dashboard's time goes.
  const { client, db } = connect();
  try {
    let total = 0;
    const each: string[] = [];
    for (const metric of HEAD_OF_SALES) {
      const started = performance.now();
      await computeMetrics(db, orgId, request([metric], { breakdown: "rep" }), now);
      const took = performance.now() - started;
      total += took;
      each.push(`${metric} ${ms(took)}`);
    }
    console.log(`one call per widget, in sequence: ${ms(total)} in all\n  ${each.join("\n  ")}`);
  } finally {
    await client.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

/**
 * `npm run bench dashboard`: how fast the head of sales' dashboard answers on a large org. Against
 * BENCH_DATABASE_URL (default: salespulse_bench on the local PostgreSQL). When that database has no org BENCH_ORG,
 * it is created and the demo generator loads BENCH_SCALE (default 200: about a million deals, 5M stage events and
 * 5M activities; ~12 minutes) as of BENCH_NOW, once; later runs reuse it.
 * org BENCH_ORG (slug, default "bench"), as of BENCH_NOW (default 2026-11-26T12:00:00Z), this month vs the previous one:
 *   - dashboard (engine): one computeMetrics call with every metric of the head-of-sales default widgets, per rep,
 *     with the previous-period comparison;
 *   - dashboard (page): getRoleDashboard for a head of sales, all of it (what /o/<org> renders); once as a repeat view
 *     (nothing changed since the last one: the engine's stored results, server/kpi/results-cache.ts), and as the
 *     first view after a change (every other case: each run follows a write to the org, so the engine computes);
 *     and filtered to the org's first team (as a head of sales looking at one team);
 *   - overview tiles: computeMetrics of the eight volume tiles and pipeline value, per rep, with the comparison;
 *   - tile: computeMetrics of revenue_won with its comparison;
 *   - each metric (only when BENCH_ONLY names it): every head-of-sales metric alone, per rep, best of three warm;
 *   - the engine's dashboard for a team and a pipeline over eleven months (only when BENCH_ONLY names it);
 *   - naive SQL: one query per widget straight over the raw tables (status and close times, no history, no
 *     attribution), in parallel: what reading the raw rows costs without the engine's rules.
 * Cold = the first call on a new connection pool (after DISCARD ALL); warm = BENCH_RUNS (default 20) calls after
 * one warm-up. Prints p50/p95 per row and the load average (the machine may be shared).
 */
import { spawnSync } from "node:child_process";
import { loadavg } from "node:os";
import { sql } from "drizzle-orm";
import { createDb, type Db } from "@/db/client";
import { metricDefinition } from "@/server/kpi/catalog";
import { computeMetrics } from "@/server/kpi/compute";
import { defaultWidgets } from "@/server/dashboard/defaults";
import { getRoleDashboard } from "@/server/dashboard/role-dashboard";

const url = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/salespulse_bench";
const slug = process.env.BENCH_ORG ?? "bench";
const now = new Date(process.env.BENCH_NOW ?? "2026-11-26T12:00:00Z");
const runs = Number(process.env.BENCH_RUNS ?? 20);
const coldRuns = Number(process.env.BENCH_COLD_RUNS ?? 3);
const only = process.env.BENCH_ONLY?.split(",");

const period = { period: "this_month" } as const;
const hosMetrics = [...new Set(defaultWidgets("head_of_sales").flatMap((w) => w.metrics))].filter(
  (id) => metricDefinition(id)?.status === "computed",
);

/** The probe: the volume tiles and pipeline value, per rep, with the comparison (events and snapshot bases). */
const overviewMetrics = ["leads_created", "leads_qualified", "meetings_held", "deals_won", "revenue_won", "win_rate", "avg_deal_size", "pipeline_value"];

/** One query per head-of-sales widget over the raw tables, this month and last, in the org's time zone. */
function naiveQueries(orgId: string): ReturnType<typeof sql>[] {
  const bounds = sql`(select date_trunc('month', ${now.toISOString()}::timestamptz at time zone o.time_zone) at time zone o.time_zone as cur,
      (date_trunc('month', ${now.toISOString()}::timestamptz at time zone o.time_zone) - interval '1 month') at time zone o.time_zone as prev
    from organizations o where o.id = ${orgId})`;
  const inPeriods = (column: string) => sql`${sql.raw(column)} >= b.prev and ${sql.raw(column)} < ${now.toISOString()}::timestamptz`;
  const period = (column: string) => sql`case when ${sql.raw(column)} >= b.cur then 'current' else 'previous' end`;
  return [
    // plan/fact and share at quota: revenue won per rep
    sql`select ${period("d.won_at")}, d.owner_rep_id, count(*), sum(d.amount) from deals d, ${bounds} b
      where d.org_id = ${orgId} and d.status = 'won' and ${inPeriods("d.won_at")} group by 1, 2`,
    // funnel: deals created per month by their current stage
    sql`select ${period("d.created_at")}, d.stage_id, count(*) from deals d, ${bounds} b
      where d.org_id = ${orgId} and ${inPeriods("d.created_at")} group by 1, 2`,
    // stage conversions and durations: stage entries in the periods
    sql`select ${period("e.at")}, e.to_stage_id, count(*), count(distinct e.deal_id) from deal_stage_events e, ${bounds} b
      where e.org_id = ${orgId} and ${inPeriods("e.at")} group by 1, 2`,
    // pipeline coverage and velocity: open deals now
    sql`select d.owner_rep_id, count(*), sum(d.amount) from deals d where d.org_id = ${orgId} and d.status = 'open' group by 1`,
    // time to loss: lost deals
    sql`select ${period("d.lost_at")}, avg(extract(epoch from d.lost_at - d.created_at)) from deals d, ${bounds} b
      where d.org_id = ${orgId} and d.status = 'lost' and ${inPeriods("d.lost_at")} group by 1`,
    // response time: first completed outbound activity on deals created in the periods
    sql`select ${period("d.created_at")}, count(*) from deals d, ${bounds} b
      where d.org_id = ${orgId} and ${inPeriods("d.created_at")}
        and exists (select 1 from activities a where a.org_id = d.org_id and a.deal_id = d.id and a.direction = 'outbound') group by 1`,
  ];
}

/**
 * `reused`: the org's data does not change between runs, so the engine reuses its stored results (repeat views);
 * otherwise every run follows a change to the org (what the first view after a sync costs).
 */
type Case = { name: string; run: (db: Db, orgId: string) => Promise<unknown>; reused?: boolean; onlyWhenNamed?: boolean };
const headOfSalesPage = (db: Db, orgId: string, filters: { team?: number } = {}) =>
  getRoleDashboard(db, { orgId, isDemo: false, role: "head_of_sales", viewer: { scope: "team" } }, { period, compare: "previous", ...filters } as never, now);
const firstTeam = async (db: Db, orgId: string) =>
  (await db.execute<{ id: number }>(sql`select id from teams where org_id = ${orgId} order by id limit 1`))[0]?.id;
const firstPipeline = async (db: Db, orgId: string) =>
  (await db.execute<{ id: number }>(sql`select id from pipelines where org_id = ${orgId} order by id limit 1`))[0]?.id;
/** Eleven months to the bench's now (its month not included), as a head of sales may pick. */
const elevenMonths = { period: "custom", from: "2025-12-15", to: "2026-11-14" } as const;
const cases: Case[] = [
  { name: "dashboard (page) repeat view", run: headOfSalesPage, reused: true },
  {
    name: "dashboard (engine)",
    run: (db, orgId) => computeMetrics(db, orgId, { metrics: hosMetrics, period, comparison: "previous_period", breakdown: "rep" } as never, now),
  },
  { name: "dashboard (page)", run: headOfSalesPage },
  { name: "dashboard (page) for one team", run: async (db, orgId) => headOfSalesPage(db, orgId, { team: await firstTeam(db, orgId) }) },
  {
    name: "overview tiles",
    run: (db, orgId) => computeMetrics(db, orgId, { metrics: overviewMetrics, period, comparison: "previous_period", breakdown: "rep" } as never, now),
  },
  { name: "tile", run: (db, orgId) => computeMetrics(db, orgId, { metrics: ["revenue_won"], period, comparison: "previous_period" } as never, now) },
  { name: "naive SQL", run: (db, orgId) => Promise.all(naiveQueries(orgId).map((q) => db.execute(q))) },
  {
    // Filters and a long period together once made the planner's estimates quadratic (sessions 8 and 9): slow, so
    // run only when BENCH_ONLY names it.
    name: "dashboard (engine) for a team and a pipeline over eleven months",
    onlyWhenNamed: true,
    run: async (db, orgId) => {
      const filters = { teamIds: [await firstTeam(db, orgId)], pipelineIds: [await firstPipeline(db, orgId)] };
      return computeMetrics(db, orgId, { metrics: hosMetrics, period: elevenMonths, comparison: "previous_period", breakdown: "rep", filters } as never, now);
    },
  },
];

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
/** A write to the org (its settings row, unchanged) that the change triggers note: no stored result of it is reused. */
const changeOrg = (db: Db, orgId: string) => db.execute(sql`update organizations set name = name where id = ${orgId}`);

const timed = async (fn: () => Promise<unknown>) => {
  const started = performance.now();
  await fn();
  return performance.now() - started;
};

/** The bench org's id, after loading the demo data at BENCH_SCALE into a new database when it is not there yet. */
async function benchOrg(): Promise<{ id: string }> {
  const database = new URL(url).pathname.slice(1);
  const admin = createDb(Object.assign(new URL(url), { pathname: "/postgres" }).toString(), { max: 1 });
  const [exists] = await admin.sql`select 1 from pg_database where datname = ${database}`;
  if (!exists) await admin.sql.unsafe(`create database "${database}"`);
  await admin.sql.end();
  const setup = createDb(url, { max: 1 });
  const [org] = await setup.db.execute<{ id: string }>(sql`select id from organizations where slug = ${slug}`).catch(() => []);
  await setup.sql.end();
  if (org) return org;
  const scale = process.env.BENCH_SCALE ?? "200";
  console.log(`loading the demo data at scale ${scale} into ${database} (about 12 minutes at 200)…`);
  const args = ["tsx", "scripts/seed-demo.ts", "--scale", scale, "--database-url", url, "--org-slug", slug, "--now", now.toISOString(), "--skip-fk-checks"];
  const seeded = spawnSync("npx", args, { stdio: "inherit" });
  if (seeded.status !== 0) process.exit(seeded.status ?? 1);
  return benchOrg();
}

/** `BENCH_ONLY=each metric`: each head-of-sales metric alone (per rep, with the comparison), warm, best of three. */
async function eachMetric(orgId: string) {
  const { db, sql: client } = createDb(url, { max: 4 });
  for (const id of hosMetrics) {
    const run = () => computeMetrics(db, orgId, { metrics: [id], period, comparison: "previous_period", breakdown: "rep" } as never, now);
    await run();
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      await changeOrg(db, orgId);
      times.push(await timed(run));
    }
    console.log(`  ${id}: ${Math.round(Math.min(...times))} ms`);
  }
  await client.end();
}

async function main() {
  const org = await benchOrg();
  console.log(`org ${slug}, now ${now.toISOString()}, this month vs previous; ${hosMetrics.length} head-of-sales metrics: ${hosMetrics.join(", ")}`);
  console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);

  const rows: string[][] = [];
  for (const c of cases.filter((c) => (only ? only.includes(c.name) : !c.onlyWhenNamed))) {
    const cold: number[] = [];
    for (let i = 0; i < coldRuns; i++) {
      const { db, sql: client } = createDb(url, { max: 4 });
      await client`discard all`;
      if (!c.reused) await changeOrg(db, org.id);
      cold.push(await timed(() => c.run(db, org.id)));
      await client.end();
    }
    const warm: number[] = [];
    if (runs > 0) {
      const { db, sql: client } = createDb(url, { max: 4 });
      await c.run(db, org.id);
      for (let i = 0; i < runs; i++) {
        if (!c.reused) await changeOrg(db, org.id);
        warm.push(await timed(() => c.run(db, org.id)));
      }
      await client.end();
    }
    const ms = (values: number[], p: number) => (values.length ? `${Math.round(percentile(values, p))} ms` : "–");
    rows.push([c.name, ms(cold, 50), ms(cold, 95), ms(warm, 50), ms(warm, 95), `${coldRuns}/${runs}`]);
    console.log(`  ${c.name}: cold ${cold.map(Math.round).join(", ")} ms; warm ${warm.map(Math.round).join(", ")} ms`);
  }
  if (only?.includes("each metric")) await eachMetric(org.id);
  const header = ["case", "cold p50", "cold p95", "warm p50", "warm p95", "runs (cold/warm)"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  console.log(["", line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n"));
  console.log(`load average at end: ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
}

await main();
process.exit(0);

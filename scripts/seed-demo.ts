/**
 * Loads demo data at any scale into an organization (created when missing), for benchmarks:
 *   npx tsx scripts/seed-demo.ts --scale 200 --database-url postgres://… [--org-slug bench] [--seed 1]
 *     [--now 2026-01-31T12:00:00Z] [--chunk-size 5000] [--skip-fk-checks]
 * Scale 1 is about 5,000 deals; scale 200 about a million, with ~4M stage events and ~5M activities.
 * --skip-fk-checks opens the connections with session_replication_role=replica (superuser only), so foreign-key
 * triggers do not run: several times faster on big loads. The generator's references are valid by construction.
 * The KPI rollups' triggers do not run either, so the rollups are rebuilt after such a load.
 */
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { createDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { organizations } from "@/db/schema";
import { loadDemoDataset } from "@/db/seed/load-dataset";
import { rebuildRollups } from "@/server/kpi/rollups";

const ZArgs = z.object({
  scale: z.coerce.number().positive().max(10_000),
  databaseUrl: z.string().regex(/^postgres(ql)?:\/\//, "a postgres:// URL"),
  orgSlug: z.string().regex(/^[a-z0-9-]{1,64}$/),
  seed: z.coerce.number().int().nonnegative(),
  now: z.coerce.date(),
  chunkSize: z.coerce.number().int().min(1).max(100_000),
  skipFkChecks: z.boolean(),
});

function readArgs() {
  const { values } = parseArgs({
    options: {
      scale: { type: "string", default: "1" },
      "database-url": { type: "string", default: process.env.DATABASE_URL },
      "org-slug": { type: "string", default: "bench" },
      seed: { type: "string", default: "1" },
      now: { type: "string", default: new Date().toISOString() },
      "chunk-size": { type: "string", default: "5000" },
      "skip-fk-checks": { type: "boolean", default: false },
    },
  });
  const parsed = ZArgs.safeParse({
    scale: values.scale,
    databaseUrl: values["database-url"],
    orgSlug: values["org-slug"],
    seed: values.seed,
    now: values.now,
    chunkSize: values["chunk-size"],
    skipFkChecks: values["skip-fk-checks"],
  });
  if (!parsed.success) {
    console.error(`Invalid arguments:\n${z.prettifyError(parsed.error)}`);
    process.exit(2);
  }
  return parsed.data;
}

async function main() {
  const args = readArgs();
  await runMigrations(args.databaseUrl);
  const url = new URL(args.databaseUrl);
  if (args.skipFkChecks) url.searchParams.set("session_replication_role", "replica");
  const { db, sql: client } = createDb(url.toString(), { max: 4 });
  try {
    await db
      .insert(organizations)
      .values({ name: `Benchmark (${args.orgSlug})`, slug: args.orgSlug, currency: "USD", timeZone: "Europe/Kyiv" })
      .onConflictDoNothing({ target: organizations.slug });
    const [org] = await db.select({ id: organizations.id }).from(organizations).where(sql`${organizations.slug} = ${args.orgSlug}`);

    const started = performance.now();
    const rate = (rows: number) => Math.round(rows / ((performance.now() - started) / 1000)).toLocaleString("en");
    const summary = await loadDemoDataset(db, org!.id, {
      seed: args.seed,
      scale: args.scale,
      now: args.now,
      chunkSize: args.chunkSize,
      onProgress: ({ deals, totalDeals, rows }) =>
        process.stdout.write(`\r${deals.toLocaleString("en")} / ${totalDeals.toLocaleString("en")} deals, ${rows.toLocaleString("en")} rows, ${rate(rows)} rows/s   `),
    });
    const seconds = (performance.now() - started) / 1000;
    console.log(`\nLoaded ${summary.rows.toLocaleString("en")} rows (${summary.deals.toLocaleString("en")} deals) into "${args.orgSlug}" in ${seconds.toFixed(1)} s: ${rate(summary.rows)} rows/s`);
    console.log(`Peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
    // Replica mode skipped the triggers that keep the KPI rollups current: build them from the loaded rows.
    if (args.skipFkChecks) await rebuildRollups(db, org!.id);
    // Fresh statistics, so the queries that benchmarks run next are planned for the real table sizes, and the
    // visibility map set, so the rollups' covering indexes are read without the heap (autovacuum may be off).
    await db.execute(sql`vacuum analyze`);
  } finally {
    await client.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

/**
 * `npm run rollups:rebuild -- --org <slug> [--database-url postgres://…]`: rebuilds the organization's KPI rollups
 * (deal_facts, deal_stage_stays) from the raw stage history. Defaults to DATABASE_URL.
 */
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { createDb } from "@/db/client";
import { rebuildRollups } from "@/server/kpi/rollups";

const { values } = parseArgs({ options: { org: { type: "string" }, "database-url": { type: "string", default: process.env.DATABASE_URL } } });
if (!values.org || !values["database-url"]) {
  console.error("Usage: npm run rollups:rebuild -- --org <slug> [--database-url postgres://…] (or set DATABASE_URL)");
  process.exit(2);
}
const { db, sql: client } = createDb(values["database-url"], { max: 1 });
try {
  const [org] = await db.execute<{ id: string }>(sql`select id from organizations where slug = ${values.org}`);
  if (!org) throw new Error(`No organization "${values.org}"`);
  const started = performance.now();
  await rebuildRollups(db, org.id);
  await db.execute(sql`analyze deal_facts`);
  await db.execute(sql`analyze deal_stage_stays`);
  console.log(`Rebuilt the KPI rollups of "${values.org}" in ${((performance.now() - started) / 1000).toFixed(1)} s`);
} finally {
  await client.end();
}

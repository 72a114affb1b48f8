import postgres from "postgres";
import { drizzle } from "drizzle-orm/postgres-js";
import * as schema from "./schema";

export type Db = ReturnType<typeof createDb>["db"];
export type Sql = postgres.Sql;
/** A transaction handle from db.transaction(); domain functions that must share one accept it. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/**
 * Session settings for every connection. The KPI queries are large analytic statements: with PostgreSQL's
 * default jit the planner's cost estimates make it compile them to machine code, seconds per statement on a
 * million-deal org for queries that then run in less; and their sorts (medians, distinct-on) spill to disk under
 * the default 4MB work_mem. DATABASE_WORK_MEM overrides the per-sort memory.
 */
const sessionSettings = { jit: "off", work_mem: process.env.DATABASE_WORK_MEM || "64MB" } as Record<string, string>;

/** A drizzle database over one postgres.js pool. Scripts and tests make their own; the app uses getDb(). */
export function createDb(url: string, options: { max?: number } = {}) {
  const sql = postgres(url, {
    max: options.max ?? Number(process.env.DATABASE_POOL_SIZE || 10),
    onnotice: () => {},
    connection: sessionSettings,
  });
  return { sql, db: drizzle(sql, { schema, casing: "snake_case" }) };
}

const globalForDb = globalThis as unknown as { appDb?: ReturnType<typeof createDb> };

/**
 * The app's database, opened on first use (never at import: `next build` imports modules).
 * DATABASE_URL points at PostgreSQL; `npm run dev` sets it to the embedded PGlite server.
 */
export function getAppDatabase() {
  if (!globalForDb.appDb) {
    const url = process.env.DATABASE_URL;
    if (!url) {
      throw new Error("DATABASE_URL is not set. Use `npm run dev` for the embedded database, or set it (see .env.example).");
    }
    globalForDb.appDb = createDb(url);
  }
  return globalForDb.appDb;
}

export function getDb(): Db {
  return getAppDatabase().db;
}

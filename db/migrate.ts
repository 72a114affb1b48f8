import path from "node:path";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import { createDb } from "./client";

export const migrationsFolder = path.join(process.cwd(), "db", "migrations");

// Any constant works; it only has to be the same for every process that migrates this database.
const MIGRATION_LOCK = 727_001;

/**
 * Applies the committed migrations on a connection of its own, under an advisory lock,
 * so several servers starting at once do not race.
 */
export async function runMigrations(url: string) {
  const { db, sql } = createDb(url, { max: 1 });
  try {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migrate(db, { migrationsFolder });
    await sql`select pg_advisory_unlock(${MIGRATION_LOCK})`;
  } finally {
    await sql.end();
  }
}

import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { inject } from "vitest";
import { createDb, type Db } from "@/db/client";
import { TEST_DATABASE_URL, databaseUrl } from "./database-url";

/**
 * A fresh database for one test file, copied from the migrated template that the global setup made.
 * Returns the drizzle client, its raw sql, the URL and a cleanup that drops the database.
 */
export async function createTestDatabase(): Promise<{ db: Db; sql: postgres.Sql; url: string; drop: () => Promise<void> }> {
  const name = `salespulse_t_${randomBytes(6).toString("hex")}`;
  const admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name} template ${inject("templateDatabase")}`);
  await admin.end();
  const url = databaseUrl(name);
  const { db, sql } = createDb(url, { max: 4 });
  return {
    db,
    sql,
    url,
    drop: async () => {
      await sql.end();
      const admin2 = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
      await admin2.unsafe(`drop database if exists ${name} with (force)`);
      await admin2.end();
    },
  };
}

import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { createDb, type Db } from "@/db/client";

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
export const TEMPLATE_DATABASE = "salespulse_test_template";

export function databaseUrl(name: string) {
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * A fresh database for one test file, copied from the migrated template that the global setup made.
 * Returns the drizzle client, its raw sql, the URL and a cleanup that drops the database.
 */
export async function createTestDatabase(): Promise<{ db: Db; sql: postgres.Sql; url: string; drop: () => Promise<void> }> {
  const name = `salespulse_t_${randomBytes(6).toString("hex")}`;
  const admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name} template ${TEMPLATE_DATABASE}`);
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

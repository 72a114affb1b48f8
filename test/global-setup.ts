import postgres from "postgres";
import { runMigrations } from "@/db/migrate";
import { TEMPLATE_DATABASE, TEST_DATABASE_URL, databaseUrl } from "./db";

/** Builds the migrated template database that every integration test file copies. */
export default async function setup() {
  const admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${TEMPLATE_DATABASE} with (force)`);
    await admin.unsafe(`create database ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  await runMigrations(databaseUrl(TEMPLATE_DATABASE));
}

import { randomBytes } from "node:crypto";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { runMigrations } from "@/db/migrate";
import { TEST_DATABASE_URL, databaseUrl } from "./database-url";

/**
 * Builds the migrated template database that every integration test file copies. Its name is unique per run,
 * so test runs started side by side (several checkouts, CI and a developer) do not drop each other's template.
 */
export default async function setup(project: TestProject) {
  const template = `salespulse_tpl_${randomBytes(4).toString("hex")}`;
  const admin = () => postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
  const sql = admin();
  try {
    await sql.unsafe(`create database ${template}`);
  } finally {
    await sql.end();
  }
  await runMigrations(databaseUrl(template));
  project.provide("templateDatabase", template);

  return async () => {
    const cleanup = admin();
    await cleanup.unsafe(`drop database if exists ${template} with (force)`);
    await cleanup.end();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

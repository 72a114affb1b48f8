/**
 * The server the Playwright journeys run against: a fresh PostgreSQL database on TEST_DATABASE_URL's server,
 * migrated and with the demo company, then `next start` (the production build) on it.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import postgres from "postgres";
import { runMigrations } from "@/db/migrate";
import { startE2eStripe } from "@/server/billing/testing/e2e-stripe";
import { startFakePipedrive } from "@/server/sources/connectors/pipedrive/fake-pipedrive";
import { databaseUrl, TEST_DATABASE_URL } from "@/test/database-url";
import { prepareDemoCompany } from "./demo-company";

const port = process.argv[2] ?? "3200";
const database = "salespulse_e2e";

async function main() {
  const admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${database} with (force)`);
  await admin.unsafe(`create database ${database}`);
  await admin.end();
  const url = databaseUrl(database);
  await runMigrations(url);
  await prepareDemoCompany(url);
  const stripeEnv = await startE2eStripe(port);
  // The connect-CRM journey pastes this fake's address as the Pipedrive company domain.
  await startFakePipedrive({ port: Number(process.env.E2E_FAKE_PIPEDRIVE_PORT ?? 3299) });

  const server = spawn(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), "start", "-p", port], {
    stdio: "inherit",
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: url,
      AUTH_SECRET: "e2e-only-secret-not-for-production-use-000000",
      SOURCES_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
      APP_URL: `http://localhost:${port}`,
      DEV_MAILBOX: "1",
      SOURCES_ALLOW_ANY_HOST: "1",
      ...stripeEnv,
    },
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
  server.on("exit", (code) => process.exit(code ?? 0));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

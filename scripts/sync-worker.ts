/**
 * `npm run worker`: a sync worker on its own (run the web servers with SYNC_WORKER=off). Takes CRM sync jobs,
 * runs the schedule, and on SIGINT/SIGTERM stops after the current page of each run (they resume elsewhere).
 */
import { existsSync } from "node:fs";
import { runMigrations } from "@/db/migrate";
import { startSyncWorker } from "@/server/sources/worker";

if (existsSync(".env")) process.loadEnvFile(".env");

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set (see .env.example).");
  await runMigrations(url);
  const worker = await startSyncWorker({ databaseUrl: url });
  console.log("Sync worker started");
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      console.log("Sync worker stopping…");
      worker.stop().then(() => process.exit(0), (error) => {
        console.error(error);
        process.exit(1);
      });
    });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

/**
 * A sync worker process for the kill test (worker.integration.test.ts): the real startSyncWorker with the fake
 * CRM's connector, taking over stalled runs after 1 s. Env: DATABASE_URL, SOURCES_ENCRYPTION_KEY, PAGE_SIZE.
 */
import { startSyncWorker } from "../worker";
import { fakeConnector } from "./fake-crm";

const worker = await startSyncWorker({
  databaseUrl: process.env.DATABASE_URL!,
  connectors: { pipedrive: fakeConnector(Number(process.env.PAGE_SIZE ?? 5)) },
  staleAfterSeconds: 1,
  pollingIntervalSeconds: 0.5,
  concurrency: 1,
});
process.stdout.write("ready\n");
process.once("SIGTERM", () => void worker.stop().then(() => process.exit(0)));

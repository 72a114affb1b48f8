/** Runs once when a server starts: the committed migrations are applied before the first request. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.warn("DATABASE_URL is not set: use `npm run dev` for the embedded database, or set it (see .env.example).");
    return;
  }
  const { runMigrations } = await import("./db/migrate");
  await runMigrations(url);
  // CRM syncs run inside the server unless a separate `npm run worker` does them (SYNC_WORKER=off).
  if (process.env.SYNC_WORKER !== "off") {
    const [{ startSyncWorker }, { getAppDatabase }] = await Promise.all([import("./server/sources/worker"), import("./db/client")]);
    const embedded = process.env.DATABASE_EMBEDDED === "1";
    await startSyncWorker({ databaseUrl: url, embedded, database: embedded ? getAppDatabase() : undefined });
  }
}

/**
 * `npm run dev`: the app on a fresh machine with one command. Uses DATABASE_URL when set; otherwise starts the
 * embedded PostgreSQL (PGlite, data in .data/) on a loopback port. Applies migrations, loads the demo company
 * once, then runs `next dev` against that database.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "@/db/embedded";
import { runMigrations } from "@/db/migrate";
import { prepareDemoCompany } from "./demo-company";

if (existsSync(".env")) process.loadEnvFile(".env");

/** A secret kept in .data/<name>, made on first use. */
function devSecret(name: string, encoding: "base64" | "base64url"): string {
  const file = path.join(".data", name);
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(".data", { recursive: true });
  const secret = randomBytes(32).toString(encoding);
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

async function main() {
  const started = Date.now();
  let embedded: EmbeddedDatabase | undefined;
  let url = process.env.DATABASE_URL;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    AUTH_SECRET: process.env.AUTH_SECRET ?? devSecret("auth-secret", "base64url"),
    SOURCES_ENCRYPTION_KEY: process.env.SOURCES_ENCRYPTION_KEY ?? devSecret("sources-encryption-key", "base64"),
  };
  if (!url) {
    embedded = await startEmbeddedDatabase();
    url = embedded.url;
    // PGlite is one session behind the socket: one pooled connection keeps statements from interleaving.
    env.DATABASE_POOL_SIZE = "1";
    env.DATABASE_EMBEDDED = "1";
    console.log(`Embedded PostgreSQL (PGlite, .data/pglite) on ${url}`);
  }
  env.DATABASE_URL = url;
  await runMigrations(url);
  await prepareDemoCompany(url);
  console.log(`Database ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const next = spawn(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), "dev", ...process.argv.slice(2)], {
    stdio: "inherit",
    env,
  });
  const stop = async (code: number) => {
    await embedded?.stop();
    process.exit(code);
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => next.kill(signal));
  next.on("exit", (code) => void stop(code ?? 0));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

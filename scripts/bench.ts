/**
 * `npm run bench [name…]`: runs the benchmarks in bench/ (all, or those named) one after another against
 * BENCH_DATABASE_URL (default: the local PostgreSQL). Each prints its own figures; they are not tests.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";

const only = process.argv.slice(2);
const files = readdirSync("bench")
  .filter((file) => file.endsWith(".ts"))
  .filter((file) => only.length === 0 || only.includes(path.basename(file, ".ts")))
  .sort();
if (files.length === 0) {
  console.error(`No benchmark named ${only.join(", ")} in bench/`);
  process.exit(1);
}
for (const file of files) {
  console.log(`\n▶ bench/${file}`);
  const result = spawnSync("npx", ["tsx", path.join("bench", file)], { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

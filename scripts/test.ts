/**
 * `npm test`: unit and integration tests (vitest, against TEST_DATABASE_URL), the type check, the production
 * build, and the Playwright journeys against it. Stops at the first failing step with its exit code.
 */
import { spawnSync } from "node:child_process";

type Step = { name: string; command: string; args: string[] };

const steps: Step[] = [
  { name: "unit and integration tests", command: "npx", args: ["vitest", "run"] },
  { name: "type check", command: "npx", args: ["tsc", "--noEmit"] },
  { name: "production build", command: "npx", args: ["next", "build"] },
  { name: "end-to-end journeys", command: "npx", args: ["playwright", "test"] },
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
console.log(`\nAll test steps passed in ${((Date.now() - started) / 1000).toFixed(0)} s`);

import postgres from "postgres";
import { sealCredentials } from "../server/sources/secrets";
import { databaseUrl } from "../test/database-url";
import { expect, signUp, test, uniqueEmail } from "./fixtures";

/** scripts/e2e-server.ts: the database the server runs on, its credentials key and its fake Pipedrive. */
const e2eKey = Buffer.alloc(32, 7);
const fakePipedrive = `http://127.0.0.1:${process.env.E2E_FAKE_PIPEDRIVE_PORT ?? 3299}`;
const shot = (page: import("@playwright/test").Page, name: string) => page.screenshot({ path: `/tmp/shots/${name}.png`, fullPage: true });

test("an owner sees a connected CRM's sync history and skipped records, syncs it now with live progress, schedules it daily and disconnects it", async ({ page }) => {
  await signUp(page, { name: "Sofia Sync", email: uniqueEmail("sources"), password: "sources-pass-1", company: "Sync Windows" });
  const slug = new URL(page.url()).pathname.split("/")[2]!;

  // A Pipedrive connection made earlier, with one successful and one failed sync in its history.
  const sql = postgres(databaseUrl("salespulse_e2e"), { max: 1, onnotice: () => {} });
  try {
    const [org] = await sql<{ id: string }[]>`select id from organizations where slug = ${slug}`;
    const credentials = sealCredentials({ baseUrl: fakePipedrive, apiToken: "fake-pipedrive-token" }, e2eKey);
    const [source] = await sql<{ id: string }[]>`
      insert into data_sources (org_id, kind, name, account_id, credentials, sync_interval_minutes, next_sync_at, last_synced_at)
      values (${org!.id}, 'pipedrive', 'Pipedrive', 'Pipe Windows Ltd', ${credentials}, 60, now() + interval '40 minutes', now() - interval '20 minutes')
      returning id`;
    await sql`
      insert into sync_runs (org_id, source_id, status, trigger, pages_done, records_done, created, updated, deleted, failed, attempts, queued_at, started_at, finished_at)
      values (${org!.id}, ${source!.id}, 'succeeded', 'connect', 12, 2412, 2380, 0, 0, 2, 2, now() - interval '2 days', now() - interval '2 days', now() - interval '2 days' + interval '3 minutes 12 seconds')`;
    const [failed] = await sql<{ id: string }[]>`
      insert into sync_runs (org_id, source_id, status, trigger, pages_done, records_done, created, updated, deleted, failed, attempts, error, queued_at, started_at, finished_at)
      values (${org!.id}, ${source!.id}, 'failed', 'schedule', 3, 310, 4, 17, 1, 2, 3, ${sql.json({ key: "errors.http.rateLimitedFor", values: { minutes: 60 } })},
        now() - interval '20 minutes', now() - interval '20 minutes', now() - interval '19 minutes')
      returning id`;
    await sql`
      insert into sync_run_errors (org_id, run_id, stream, external_id, message) values
        (${org!.id}, ${failed!.id}, 'deals', '4711', ${sql.json({ key: "apiKeys.record.dateTime", values: { field: "createdAt" } })}),
        (${org!.id}, ${failed!.id}, 'deal-history', '4712', ${sql.json({ key: "apiKeys.record.unknownDeal", values: { field: "dealExternalId" } })})`;
  } finally {
    await sql.end();
  }

  await page.goto(`/o/${slug}/settings`);
  await page.getByRole("link", { name: "Data sources" }).click();
  await expect(page.getByRole("heading", { name: "Data sources" })).toBeVisible();
  const card = page.getByRole("region", { name: "Pipedrive" });
  await expect(card.getByText("Account Pipe Windows Ltd")).toBeVisible();
  await expect(card.getByText("The last sync failed: The CRM asked to wait about 60 min")).toBeVisible();
  await expect(card.getByText("Continued after an interruption (attempt 2).")).toBeVisible();
  await expect(card.getByRole("row").filter({ hasText: "Connection" })).toContainText("3 min 12 s");
  await expect(card.getByRole("row").filter({ hasText: "Connection" })).toContainText("2,380");

  await card.getByRole("button", { name: /Skipped records/ }).first().click();
  await expect(card.getByText("Record 4711")).toBeVisible();
  await expect(card.getByText("An ISO 8601 date and time with an offset")).toBeVisible();
  await expect(card.getByText("No deal with this externalId; push the deal first.")).toBeVisible();
  for (const kind of ["amoCRM", "Bitrix24", "HubSpot", "Pipedrive", "Salesforce"]) {
    await expect(page.getByRole("region", { name: "Connect a CRM" }).getByRole("link", { name: kind })).toBeVisible();
  }
  await expect(page.getByRole("region", { name: "Connect a CRM" }).getByRole("link", { name: "Pipedrive" })).toHaveAttribute("href", `/o/${slug}/settings/sources/connect/pipedrive`);
  await shot(page, "sources-1-history");

  // Sync now: the worker inside the server reads the fake Pipedrive; the card shows progress, then the result.
  await card.getByRole("button", { name: "Sync now" }).click();
  await expect(card.getByRole("progressbar")).toBeVisible();
  await shot(page, "sources-2-progress");
  await expect(card.getByRole("progressbar")).toBeHidden({ timeout: 60_000 });
  await expect(card.getByRole("row").filter({ hasText: "Sync now" }).getByText("Succeeded")).toBeVisible();
  await expect(card.getByText(/Last synced/)).toBeVisible();
  await shot(page, "sources-3-synced");

  const saved = page.waitForResponse((response) => response.url().includes("sources.setSchedule") && response.ok());
  await card.getByLabel("Schedule").selectOption("1440");
  await saved;
  await page.reload();
  await expect(page.getByRole("region", { name: "Pipedrive" }).getByLabel("Schedule")).toHaveValue("1440");

  await page.getByRole("region", { name: "Pipedrive" }).getByRole("button", { name: "Disconnect" }).click();
  await page.getByRole("region", { name: "Pipedrive" }).getByRole("button", { name: "Disconnect" }).click();
  await expect(page.getByRole("region", { name: "Pipedrive" }).getByText(/Disconnected .*Its data and sync history are kept/)).toBeVisible();
  await expect(page.getByRole("region", { name: "Pipedrive" }).getByRole("button", { name: "Sync now" })).toHaveCount(0);
  await shot(page, "sources-4-disconnected");
});

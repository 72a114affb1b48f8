import { expect, signUp, test, uniqueEmail } from "./fixtures";

/** scripts/e2e-server.ts serves a fake Pipedrive here (server/sources/connectors/pipedrive/fake-pipedrive.ts). */
const fakePipedrive = `http://127.0.0.1:${process.env.E2E_FAKE_PIPEDRIVE_PORT ?? 3299}`;
const shot = (page: import("@playwright/test").Page, name: string) => page.screenshot({ path: `/tmp/shots/${name}.png`, fullPage: true });

test("an owner connects Pipedrive with a token, maps its stages, watches the first sync and sees the deals on the dashboard", async ({ page, browserErrors }) => {
  browserErrors.allow(/response: 400 \/api\/trpc\/sourceConnect\.connect/);
  browserErrors.allow(/Failed to load resource: the server responded with a status of 400/);
  await signUp(page, { name: "Petro Pipes", email: uniqueEmail("connect"), password: "connect-pass-1", company: "Pipe Windows" });
  const slug = new URL(page.url()).pathname.split("/")[2]!;

  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByRole("link", { name: "Data sources" }).click();
  await page.getByRole("region", { name: "Connect a CRM" }).getByRole("link", { name: "Pipedrive" }).click();
  await expect(page.getByRole("heading", { name: "Connect Pipedrive" })).toBeVisible();
  await expect(page.getByText("Personal preferences → API")).toBeVisible();

  // A wrong token: Pipedrive's refusal is shown next to the token field.
  await page.getByLabel("API token").fill("not-the-token");
  await page.getByLabel("Company address (optional)").fill(fakePipedrive);
  await page.getByRole("button", { name: "Check and connect" }).click();
  await expect(page.getByText("The CRM refused this token.")).toBeVisible();
  await shot(page, "connect-1-credentials-error");

  await page.getByLabel("API token").fill("fake-pipedrive-token");
  await page.getByRole("button", { name: "Check and connect" }).click();

  // Step 2: the fake's two pipelines with suggested steps (Pipedrive's won/lost become stages of their own).
  await expect(page.getByRole("heading", { name: "What does each stage mean?" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Pipeline Sales" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Pipeline Партнёры" })).toBeVisible();
  await expect(page.getByLabel("Funnel step — Sales: Demo Scheduled")).toHaveValue("meeting_scheduled");
  await expect(page.getByLabel("Funnel step — Sales: Won")).toHaveValue("won");
  await expect(page.getByLabel("Funnel step — Партнёры: Переговоры")).toHaveValue("negotiation");
  await expect(page.getByLabel("Win probability, % — Sales: Proposal Made")).toHaveValue("60");
  await page.getByLabel("Funnel step — Sales: Contact Made").selectOption("qualified");
  await shot(page, "connect-2-mapping");
  await page.getByRole("button", { name: "Save and start the first sync" }).click();

  // Step 3: the worker in the server syncs the fake (5 pages of deals, a 429, per-deal history, activities).
  await expect(page.getByRole("heading", { name: "First sync" })).toBeVisible();
  await expect(page.getByRole("progressbar", { name: "Sync progress" })).toBeVisible();
  await shot(page, "connect-3-sync-running");
  await expect(page.getByText("Done: 11 deals synced.")).toBeVisible({ timeout: 45_000 });
  await expect(page.getByRole("progressbar", { name: "Sync progress" })).toHaveAttribute("aria-valuenow", "100");
  await shot(page, "connect-3-sync-done");

  await page.getByRole("link", { name: "Open the dashboard" }).click();
  await expect(page.getByRole("group", { name: "Deals won", exact: true }).getByTestId("tile-value")).toHaveText("5");
  await expect(page.getByRole("group", { name: "Revenue won", exact: true }).getByTestId("tile-value")).toHaveText("$6,500");
  await shot(page, "connect-4-dashboard");

  // The saved mapping is what the pipeline settings page shows and edits.
  await page.goto(`/o/${slug}/settings/pipeline`);
  await expect(page.getByText("Contact Made").first()).toBeVisible();
  await shot(page, "connect-5-pipeline-settings");
});

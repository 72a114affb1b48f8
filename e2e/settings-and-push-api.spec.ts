import { expect, screenshot, signUp, test, uniqueEmail } from "./fixtures";

test("an owner changes the currency and pushes a won deal through the API; the dashboard shows it", async ({ page }) => {
  await signUp(page, { name: "Bohdan Owner", email: uniqueEmail("api"), password: "api-owner-1", company: "Push Furniture" });
  const slug = new URL(page.url()).pathname.split("/")[2]!;

  await page.getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { name: "Organization settings" })).toBeVisible();
  await page.getByLabel("Currency").selectOption("EUR");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved.")).toBeVisible();
  await screenshot(page, "settings-organization");

  await page.goto(`/o/${slug}/settings/api-keys`);
  await page.getByLabel("Name").fill("CRM bridge");
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByText("Copy it now")).toBeVisible();
  const key = (await page.getByTestId("new-api-key").textContent())!.trim();
  await screenshot(page, "settings-api-keys");

  const wonAt = new Date(Date.now() - 60 * 60 * 1000).toISOString();
  const response = await page.request.post("/api/v1/ingest/deals", {
    headers: { Authorization: `Bearer ${key}` },
    data: {
      records: [
        {
          externalId: "D-1",
          title: "Kitchen for Acme",
          pipeline: { externalId: "P1", name: "Sales" },
          stage: { externalId: "S-won", name: "Contract signed", step: "won" },
          owner: { externalId: "R1", name: "Olena Koval" },
          amount: 1200,
          currency: "EUR",
          createdAt: wonAt,
          closedAt: wonAt,
        },
      ],
    },
  });
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ received: 1, created: 1, failed: [] });
  const refused = await page.request.post("/api/v1/ingest/deals", { headers: { Authorization: "Bearer sp_live_wrong" }, data: { records: [] } });
  expect(refused.status()).toBe(401);

  await page.goto(`/o/${slug}`);
  await expect(page.getByRole("group", { name: "Deals won" }).getByTestId("tile-value")).toHaveText("1");
  await expect(page.getByRole("group", { name: "Revenue won" }).getByTestId("tile-value")).toHaveText("€1,200");
});

test("remapping the won stages of a pipeline changes the deals won on the dashboard", async ({ page }) => {
  await signUp(page, { name: "Marta Mapper", email: uniqueEmail("mapper"), password: "mapper-pass-1", company: "Mapping Kitchens" });
  await page.getByRole("button", { name: "Load sample data" }).click();
  await expect(page.getByRole("heading", { name: "Sales overview" })).toBeVisible({ timeout: 60_000 });
  const slug = new URL(page.url()).pathname.split("/")[2]!;
  const dealsWon = page.getByRole("group", { name: "Deals won" }).getByTestId("tile-value");
  await page.goto(`/o/${slug}?period=last_month`);
  const before = Number((await dealsWon.textContent())!.replace(/\D/g, ""));
  expect(before).toBeGreaterThan(0);

  await page.goto(`/o/${slug}/settings/pipeline`);
  await expect(page.getByText("Numbers update right away")).toBeVisible();
  const newBusiness = page.getByRole("region", { name: "New business" });
  await newBusiness.getByLabel("Funnel step for Contract signed").selectOption("negotiation");
  await newBusiness.getByLabel("Funnel step for Delivered").selectOption("negotiation");
  await newBusiness.getByRole("button", { name: "Save pipeline" }).click();
  await expect(page.getByText("Pipeline saved.")).toBeVisible();
  await screenshot(page, "settings-pipeline");

  await page.goto(`/o/${slug}?period=last_month`);
  const after = Number((await dealsWon.textContent())!.replace(/\D/g, ""));
  expect(after).toBeLessThan(before);
});

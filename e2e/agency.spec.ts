import { expect, screenshot, test, uniqueEmail } from "./fixtures";

test("an agency signs up, creates a client company and works in it as a consultant", async ({ page }) => {
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill("Kateryna Consultant");
  await page.getByLabel("Work e-mail").fill(uniqueEmail("consultant"));
  await page.getByLabel("Password").fill("agency-pass-1");
  await page.getByLabel("Company name").fill("Growth Partners");
  await page.getByLabel("Type").selectOption("agency");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/o\/growth-partners/);

  await page.getByRole("link", { name: "Clients" }).click();
  await expect(page.getByRole("heading", { name: "Clients", exact: true })).toBeVisible();
  await expect(page.getByText("No clients yet.")).toBeVisible();
  await page.getByLabel("Company name").fill("Karpaty Kitchens");
  await page.getByRole("button", { name: "Create client" }).click();
  await page.waitForURL(/\/o\/karpaty-kitchens/);
  await expect(page.getByRole("heading", { name: "Get started" })).toBeVisible();
  await expect(page.getByText("Consultant", { exact: true })).toBeVisible();

  await page.goto("/o/growth-partners/clients");
  await expect(page.getByRole("link", { name: "Open: Karpaty Kitchens" })).toBeVisible();
  await screenshot(page, "agency-clients");
  const offered = await page
    .getByLabel("Organization")
    .locator("option")
    .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
  expect(offered).toEqual(expect.arrayContaining(["growth-partners", "karpaty-kitchens", "demo"]));
});

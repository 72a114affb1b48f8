import { expect, screenshot, signUp, test, uniqueEmail } from "./fixtures";

test("a new person signs up, lands in their own empty organization, loads sample data, and opens the demo", async ({ page }) => {
  await signUp(page, { name: "Olena Owner", email: uniqueEmail("owner"), password: "correct-horse-1", company: "Acme Kitchens" });

  await expect(page).toHaveURL(/\/o\/acme-kitchens/);
  await expect(page.getByLabel("Organization")).toHaveValue(/acme-kitchens/);
  await expect(page.getByRole("heading", { name: "Get started" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Load sample data" })).toBeEnabled();
  await screenshot(page, "onboarding-empty-org");

  await page.getByRole("button", { name: "Load sample data" }).click();
  await expect(page.getByRole("heading", { name: "Sales overview" })).toBeVisible({ timeout: 60_000 });
  await page.getByRole("button", { name: "Last month" }).click();
  await expect(page).toHaveURL(/period=last_month/);
  const leads = page.getByRole("group", { name: "Leads created" }).getByTestId("tile-value");
  await expect(leads).toHaveText(/^[1-9][\d,\s  ]*$/);

  await page.getByLabel("Organization").selectOption("demo");
  await expect(page).toHaveURL(/\/o\/demo/);
  await expect(page.getByRole("status")).toContainText("demo company");
  await expect(page.getByRole("heading", { name: "Sales overview" })).toBeVisible();
});

test("sign-up refuses bad input next to the fields and creates nothing", async ({ page, browserErrors }) => {
  browserErrors.allow(/4\d\d/);
  await page.goto("/sign-up");
  await page.getByLabel("Work e-mail").fill("not-an-email");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/sign-up/);
  await expect(page.getByText("Enter a valid e-mail address.")).toBeVisible();
  await expect(page.getByText("At least 8 characters.").first()).toBeVisible();
});

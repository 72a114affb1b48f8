import { expect, screenshot, test } from "./fixtures";

test("the language switcher changes the whole interface and the choice sticks", async ({ page }) => {
  await page.goto("/sign-in");
  await expect(page.getByRole("heading", { name: "Sign in to SalesPulse" })).toBeVisible();

  await page.getByLabel("Language").selectOption("ru");
  await expect(page.getByRole("heading", { name: "Вход в SalesPulse" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "ru");

  await page.getByRole("button", { name: "Открыть демо" }).click();
  await page.waitForURL(/\/o\/demo/);
  await expect(page.getByRole("heading", { name: "Обзор продаж" })).toBeVisible();
  await expect(page.getByRole("group", { name: "Выручка" }).getByTestId("tile-value")).toHaveText(/\$/);
  await screenshot(page, "dashboard-ru");

  await page.getByLabel("Язык").selectOption("uk");
  await expect(page.getByRole("heading", { name: "Огляд продажів" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { name: "Огляд продажів" })).toBeVisible();
  await screenshot(page, "dashboard-uk");
});

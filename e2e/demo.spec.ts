import { expect, screenshot, test } from "./fixtures";

test("a visitor explores the demo company's populated, read-only dashboard", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Explore the demo" }).click();
  await page.waitForURL(/\/o\/demo/);

  await expect(page.getByRole("heading", { name: "Sales overview" })).toBeVisible();
  await expect(page.getByRole("status")).toContainText("read-only");
  for (const tile of ["Leads created", "Qualified leads", "Meetings held", "Deals won", "Revenue won", "Plan attainment"]) {
    await expect(page.getByRole("group", { name: tile }).getByTestId("tile-value")).not.toHaveText("—");
  }
  await expect(page.getByRole("heading", { name: "Funnel" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Plan vs actual by manager" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Members" })).toHaveCount(0);
  await screenshot(page, "demo-dashboard");

  await page.goto("/o/demo?period=last_month");
  await expect(page.getByRole("group", { name: "Revenue won" }).getByTestId("tile-value")).toHaveText(/\$/);
  await screenshot(page, "demo-dashboard-last-month");
});

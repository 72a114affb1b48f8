import { expect, screenshot, signUp, test, uniqueEmail } from "./fixtures";

test("an owner defines a custom metric, enters values by hand and by paste, and plans it", async ({ page, browserErrors }) => {
  browserErrors.allow(/response: 400 \/api\/trpc\/customMetrics\.create/);
  browserErrors.allow(/Failed to load resource: the server responded with a status of 400/);
  await signUp(page, { name: "Cora Custom", email: uniqueEmail("custom"), password: "custom-owner-1", company: "Custom Windows" });
  const slug = new URL(page.url()).pathname.split("/")[2]!;
  await page.getByRole("button", { name: "Load sample data" }).click();
  await expect(page.getByRole("heading", { name: "Sales overview" })).toBeVisible({ timeout: 60_000 });

  await page.goto(`/o/${slug}/settings/custom-metrics`);
  await expect(page.getByRole("heading", { name: "Custom metrics" })).toBeVisible();
  await expect(page.getByText("No custom metrics yet.")).toBeVisible();
  await page.getByRole("button", { name: "Create metric" }).click();
  await expect(page.getByText("Required.")).toBeVisible();

  await page.getByLabel("Name").fill("Site visits");
  await page.getByRole("button", { name: "Create metric" }).click();
  await expect(page.getByRole("heading", { name: "Values of Site visits" })).toBeVisible();
  await expect(page.getByRole("rowheader", { name: "Site visits" })).toBeVisible();
  await expect(page.getByText("custom.site_visits")).toBeVisible();

  const january = page.getByLabel("Whole company, Jan");
  await january.fill("12");
  await january.focus();
  await january.evaluate((input) => {
    const data = new DataTransfer();
    data.setData("text/plain", "12\t7,5\t3\r\n");
    input.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await expect(page.getByLabel("Whole company, Mar")).toHaveValue("3");
  await expect(page.getByRole("status")).toHaveText("3 unsaved changes");
  await page.getByRole("button", { name: "Save values" }).click();
  await expect(page.getByText("Values saved.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Whole company, Feb")).toHaveValue("7.5");
  await screenshot(page, "custom-metric-values");

  // This month's value shows on a dashboard tile the owner adds in the editor.
  const thisMonth = new Intl.DateTimeFormat("en", { month: "short", timeZone: "UTC" }).format(new Date());
  await page.getByLabel(`Whole company, ${thisMonth}`).fill("9");
  await page.getByRole("button", { name: "Save values" }).click();
  await expect(page.getByText("Values saved.")).toBeVisible();
  await page.goto(`/o/${slug}/dashboard/edit?role=owner`);
  const widgets = page.getByRole("list", { name: "Widgets" }).getByRole("listitem");
  await page.getByRole("button", { name: "Add widget" }).click();
  await widgets.last().getByLabel("Metric").selectOption("custom.site_visits");
  await expect(widgets.last()).toHaveAccessibleName(/Site visits$/);
  await page.getByRole("button", { name: "Save dashboard" }).click();
  await expect(page.getByText("Dashboard saved.")).toBeVisible();
  await page.goto(`/o/${slug}`);
  const tile = page.getByRole("group", { name: "Site visits" });
  await expect(tile.getByTestId("tile-value")).toHaveText("9");

  await page.goto(`/o/${slug}/plans`);
  await page.getByLabel("Metric").selectOption({ label: "Site visits" });
  await expect(page).toHaveURL(/metric=custom\.site_visits/);
  const planCell = page.locator("tbody tr").first().getByRole("textbox").first();
  await planCell.fill("40");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Plans saved")).toBeVisible();
  await expect(page.getByRole("table", { name: "Site visits" })).toBeVisible();
});

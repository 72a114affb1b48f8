import { expect, screenshot, signUp, test, uniqueEmail } from "./fixtures";

test("a head of sales sets a rep's plan for this month and pastes a block; the dashboard follows", async ({ page }) => {
  await signUp(page, { name: "Pavlo Planner", email: uniqueEmail("plans"), password: "plans-owner-1", company: "Plan Kitchens" });
  await page.getByRole("button", { name: "Load sample data" }).click();
  await expect(page.getByRole("heading", { name: "Sales overview" })).toBeVisible({ timeout: 60_000 });
  const slug = new URL(page.url()).pathname.split("/")[2]!;
  const attainment = page.getByRole("group", { name: "Plan attainment" }).getByTestId("tile-value");
  const attainmentBefore = await attainment.textContent();

  await page.getByRole("link", { name: "Plans" }).click();
  await expect(page.getByRole("heading", { name: "Plans" })).toBeVisible();
  const now = new Date();
  const month = new Intl.DateTimeFormat("en", { month: "short", timeZone: "UTC" }).format(now);
  const firstRep = page.locator("tbody tr").first();
  const repName = (await firstRep.getByRole("rowheader").textContent())!.trim();
  const cell = page.getByLabel(`Plan for ${repName}, ${month}`);
  await cell.fill("1 234 567,5");
  await expect(page.getByRole("status")).toHaveText("1 unsaved change");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Plans saved")).toBeVisible();
  await expect(cell).toHaveValue("1234567.5");
  await screenshot(page, "plans-grid");

  await page.goto(`/o/${slug}`);
  const repRow = page.getByRole("row").filter({ hasText: repName });
  await expect(repRow).toContainText("1,234,568");
  await expect(attainment).not.toHaveText(attainmentBefore!);

  await page.goto(`/o/${slug}/plans?metric=deals_won&kind=month&year=${now.getUTCFullYear() + 2}`);
  const rows = page.locator("tbody tr");
  const target = rows.first().getByRole("textbox").first();
  await target.focus();
  await target.evaluate((input) => {
    const data = new DataTransfer();
    data.setData("text/plain", "12\t13\r\n14\t15\r\n");
    input.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await expect(rows.nth(0).getByRole("textbox").nth(0)).toHaveValue("12");
  await expect(rows.nth(0).getByRole("textbox").nth(1)).toHaveValue("13");
  await expect(rows.nth(1).getByRole("textbox").nth(0)).toHaveValue("14");
  await expect(rows.nth(1).getByRole("textbox").nth(1)).toHaveValue("15");
  await expect(page.getByRole("status")).toHaveText("4 unsaved changes");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Plans saved")).toBeVisible();
  await page.reload();
  await expect(rows.nth(1).getByRole("textbox").nth(1)).toHaveValue("15");
  await screenshot(page, "plans-pasted");
});

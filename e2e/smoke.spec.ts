import { expect, test } from "./fixtures";

test("the app answers and its database is reachable", async ({ page, request }) => {
  expect(await (await request.get("/api/health")).json()).toEqual({ ok: true });
  await page.goto("/");
  await expect(page).toHaveTitle(/SalesPulse/);
});

import type { Browser, Page } from "@playwright/test";
import { expect, linkFromMailbox, signUp, test, uniqueEmail } from "./fixtures";

/** One organization with the sample data, shared by the journeys below (loading it takes a while). */
const owner = { name: "Roksolana Owner", email: uniqueEmail("dash-owner"), password: "dash-owner-1", company: "Dashboard Furniture" };
let slug = "";

const shot = (page: Page, name: string) => page.screenshot({ path: `/tmp/shots/${name}.png`, fullPage: true });

async function signIn(page: Page) {
  await page.goto("/sign-in");
  await page.getByLabel("E-mail", { exact: true }).fill(owner.email);
  await page.getByLabel("Password").fill(owner.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL(new RegExp(`/o/${slug}`));
}

/** Invites `email` with `role` from the owner's page and opens the organization as that new member. */
async function joinAs(ownerPage: Page, browser: Browser, email: string, role: string, name: string): Promise<Page> {
  await ownerPage.goto(`/o/${slug}/members`);
  await ownerPage.getByLabel("E-mail", { exact: true }).fill(email);
  await ownerPage.getByLabel("Role", { exact: true }).selectOption(role);
  await ownerPage.getByRole("button", { name: "Send invitation" }).click();
  await expect(ownerPage.getByText(`Invitation sent to ${email}.`)).toBeVisible();
  const link = await linkFromMailbox(ownerPage, email, /\/invite\//);
  const member = await (await browser.newContext({ locale: "en-US" })).newPage();
  const errors: string[] = [];
  member.on("pageerror", (error) => errors.push(error.message));
  member.on("console", (message) => message.type() === "error" && errors.push(message.text()));
  await member.goto(link);
  await member.getByLabel("Your name").fill(name);
  await member.getByLabel("Password").fill(`${role}-pass-1`);
  await member.getByRole("button", { name: "Create account and join" }).click();
  await member.waitForURL(new RegExp(`/o/${slug}$`));
  await expect(member.getByRole("heading", { name: "Sales overview" })).toBeVisible({ timeout: 30_000 });
  member.on("close", () => expect(errors, `browser errors for ${role}`).toEqual([]));
  return member;
}

const tileValue = (page: Page, name: string) => page.getByRole("group", { name, exact: true }).getByTestId("tile-value");

test.describe.configure({ mode: "serial" });

test("each role opens its own dashboard: head of sales, a manager linked to a rep, executive, marketer", async ({ page, browser }) => {
  test.setTimeout(240_000);
  await signUp(page, owner);
  slug = new URL(page.url()).pathname.split("/")[2]!;
  await page.getByRole("button", { name: "Load sample data" }).click();
  await expect(page.getByRole("heading", { name: "Sales overview" })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText("Owner dashboard")).toBeVisible();
  await expect(tileValue(page, "Deals won")).not.toHaveText("—");
  await shot(page, "dashboard-owner");

  const head = await joinAs(page, browser, uniqueEmail("head"), "head_of_sales", "Hanna Head");
  await expect(head.getByText("Head of sales dashboard")).toBeVisible();
  await expect(head.getByRole("heading", { name: "Plan vs actual by manager" })).toBeVisible();
  await expect(head.getByRole("heading", { name: "Funnel" })).toBeVisible();
  await expect(tileValue(head, "Time to loss")).not.toHaveText("—");
  // A duration shows its median beside the mean (kpi-catalog: mean and median days).
  await expect(head.getByRole("group", { name: "Time to loss", exact: true }).getByTestId("tile-median")).toHaveText(/^Median \d[\d.,]* days?$/);
  await expect(tileValue(head, "Reps at quota")).not.toHaveText("—");
  await expect(head.getByRole("columnheader", { name: "Stuck so far" })).toBeVisible();
  await expect(head.getByRole("columnheader", { name: "Median", exact: true })).toBeVisible();
  await expect(head.getByRole("link", { name: "Edit dashboard" })).toBeVisible();
  await shot(head, "dashboard-head-of-sales");
  await head.context().close();

  // The sample data's rep Olena Kovalenko has this e-mail, so the manager who joins with it is linked to her.
  const manager = await joinAs(page, browser, "olena@northwind-furniture.example", "manager", "Olena Kovalenko");
  await expect(manager.getByTestId("personal-view")).toContainText("Olena Kovalenko");
  await expect(manager.getByText("Manager dashboard")).toBeVisible();
  const revenue = manager.getByRole("group", { name: "Revenue won", exact: true });
  await expect(revenue.getByTestId("tile-team")).toContainText("Team:");
  await expect(manager.getByRole("group", { name: "Filters" }).getByLabel("Manager")).toHaveCount(0);
  await expect(manager.getByRole("link", { name: "Edit dashboard" })).toHaveCount(0);
  await shot(manager, "dashboard-manager");
  await manager.context().close();

  const executive = await joinAs(page, browser, uniqueEmail("exec"), "executive", "Eva Executive");
  await expect(executive.getByText("Executive dashboard")).toBeVisible();
  await expect(tileValue(executive, "Revenue won")).toHaveText(/\$/);
  await expect(executive.getByTestId("tile-plan")).toBeVisible();
  await shot(executive, "dashboard-executive");
  await executive.context().close();

  const marketer = await joinAs(page, browser, uniqueEmail("marketer"), "marketer", "Marko Marketer");
  await expect(marketer.getByText("Marketer dashboard")).toBeVisible();
  await expect(marketer.getByRole("heading", { name: "Leads created", exact: true })).toBeVisible();
  await expect(marketer.getByText("By channel").first()).toBeVisible();
  await shot(marketer, "dashboard-marketer");
  await marketer.context().close();
});

test("an owner edits their role's dashboard: adds a widget, moves it first, saves; it persists and reset restores the default", async ({ page }) => {
  await signIn(page);
  await page.getByRole("link", { name: "Edit dashboard" }).click();
  await expect(page.getByRole("heading", { name: "Edit dashboards" })).toBeVisible();
  await expect(page.getByLabel("Dashboard of")).toHaveValue("owner");
  const widgets = page.getByRole("list", { name: "Widgets" }).getByRole("listitem");
  const before = await widgets.count();

  await page.getByRole("button", { name: "Add widget" }).click();
  await expect(widgets).toHaveCount(before + 1);
  await widgets.last().getByLabel("Metric").selectOption("deals_lost");
  for (let i = 0; i < before; i++) await page.getByRole("button", { name: "Move Deals lost up" }).click();
  await expect(widgets.first()).toHaveAccessibleName("Widget 1: Deals lost");
  await page.getByRole("button", { name: "Save dashboard" }).click();
  await expect(page.getByText("Dashboard saved.")).toBeVisible();
  await shot(page, "dashboard-editor");

  await page.reload();
  await expect(widgets.first()).toHaveAccessibleName("Widget 1: Deals lost");
  await expect(page.getByText("Customised for your organization.")).toBeVisible();
  await page.goto(`/o/${slug}`);
  const firstTile = page.getByRole("group").filter({ has: page.getByTestId("tile-value") }).first();
  await expect(firstTile).toHaveAccessibleName("Deals lost");

  await page.getByRole("link", { name: "Edit dashboard" }).click();
  await page.getByRole("button", { name: "Reset to default" }).click();
  await expect(page.getByText("Dashboard reset to the default.")).toBeVisible();
  await page.reload();
  await expect(widgets).toHaveCount(before);
  await expect(page.getByText("The default for this role, from the KPI catalog.")).toBeVisible();
  await page.goto(`/o/${slug}`);
  await expect(page.getByRole("group").filter({ has: page.getByTestId("tile-value") }).first()).toHaveAccessibleName("Leads created");
});

test("a number opens its formula, inputs and the deals behind it: as many as the tile says", async ({ page }) => {
  await signIn(page);
  await page.goto(`/o/${slug}?period=last_month`);
  const value = await tileValue(page, "Deals won").textContent();
  const count = Number(value!.replace(/\D/g, ""));
  expect(count).toBeGreaterThan(0);

  await page.getByRole("button", { name: /^Deals won: how it is counted/ }).click();
  const panel = page.getByRole("dialog");
  await expect(panel.getByTestId("explain-formula")).toHaveText("Deals won in the period (a deal won and later lost or reopened is not counted)");
  await expect(panel.getByTestId("explain-value")).toHaveText(value!);
  await expect(panel.getByTestId("drilldown-total")).toHaveText(`${count} deals`);
  await expect(panel.getByTestId("drilldown-row")).toHaveCount(Math.min(count, 25));
  await shot(page, "dashboard-drilldown");

  // The per-manager split narrows the list to one manager's deals.
  const firstRep = panel.getByRole("listitem").first().getByRole("button");
  const repCount = Number((await firstRep.locator("span").last().textContent())!.replace(/\D/g, ""));
  await firstRep.click();
  await expect(panel.getByTestId("drilldown-total")).toHaveText(repCount === 1 ? "1 deal" : `${repCount} deals`);
});

test("an activity count opens the activities behind it, as many as the tile says", async ({ page }) => {
  test.setTimeout(120_000);
  // The trial's seats are taken by the members above: the owner puts a calls tile on their own dashboard instead.
  await signIn(page);
  await page.getByRole("link", { name: "Edit dashboard" }).click();
  await expect(page.getByLabel("Dashboard of")).toHaveValue("owner");
  const widgets = page.getByRole("list", { name: "Widgets" }).getByRole("listitem");
  await expect(widgets.first()).toBeVisible();
  const before = await widgets.count();
  await page.getByRole("button", { name: "Add widget" }).click();
  await expect(widgets).toHaveCount(before + 1);
  await widgets.last().getByLabel("Metric").selectOption("calls_made");
  await page.getByRole("button", { name: "Save dashboard" }).click();
  await expect(page.getByText("Dashboard saved.")).toBeVisible();

  await page.goto(`/o/${slug}?period=last_month`);
  const value = await tileValue(page, "Calls made").textContent();
  const count = Number(value!.replace(/\D/g, ""));
  expect(count).toBeGreaterThan(0);
  await page.getByRole("button", { name: /^Calls made: how it is counted/ }).click();
  const panel = page.getByRole("dialog");
  await expect(panel.getByTestId("drilldown-total")).toHaveText(count === 1 ? "1 activity" : `${value} activities`);
  await expect(panel.getByTestId("drilldown-row")).toHaveCount(Math.min(count, 25));
  await expect(panel.getByRole("columnheader", { name: "Activity" })).toBeVisible();
  await shot(page, "dashboard-drilldown-activities");

  await page.goto(`/o/${slug}`);
  await page.getByRole("link", { name: "Edit dashboard" }).click();
  await expect(page.getByLabel("Dashboard of")).toHaveValue("owner");
  await page.getByRole("button", { name: "Reset to default" }).click();
  await expect(page.getByText("Dashboard reset to the default.")).toBeVisible();
});

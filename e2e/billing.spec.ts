import { expect, screenshot, signUp, test, uniqueEmail } from "./fixtures";

test("an owner upgrades through Checkout and comes back to the new plan", async ({ page }) => {
  await signUp(page, { name: "Bohdan Owner", email: uniqueEmail("billing"), password: "billing-pass-1", company: "Billing Furniture" });
  const slug = new URL(page.url()).pathname.split("/")[2]!;

  await page.goto(`/o/${slug}/settings/billing`);
  await expect(page.getByRole("heading", { name: "Billing" })).toBeVisible();
  await expect(page.getByTestId("current-plan")).toHaveText("Trial");
  await expect(page.getByTestId("subscription-status")).toHaveText("Free trial");
  await expect(page.getByTestId("usage-seats")).toContainText("1 of 5");
  await screenshot(page, "billing-trial");

  await page.getByRole("button", { name: "Choose Team" }).click();
  await expect(page.getByRole("heading", { name: "Subscribe to team" })).toBeVisible();
  await expect(page.getByText("1 × $15.00 per month, 14-day free trial")).toBeVisible();
  await page.getByRole("button", { name: "Pay and subscribe" }).click();

  await page.waitForURL(new RegExp(`/o/${slug}/settings/billing\\?session_id=cs_test_`));
  await expect(page.getByText("Thank you! Your subscription has started.")).toBeVisible();
  await expect(page.getByTestId("current-plan")).toHaveText("Team");
  await expect(page.getByTestId("subscription-status")).toHaveText("Trial");
  await expect(page.getByTestId("usage-seats")).toContainText("1 of 10");
  await expect(page.getByText("Billed for 1 seat")).toBeVisible();
  await expect(page.getByRole("button", { name: "Manage billing" })).toBeVisible();
  await expect(page.getByText("Your plan", { exact: true })).toBeVisible();
  const invoices = page.getByRole("region", { name: "Invoices" });
  await expect(invoices.getByRole("cell", { name: "Paid" })).toBeVisible();
  await expect(invoices.getByRole("link", { name: "Download" })).toHaveAttribute("href", /\/invoices\/in_.+\.pdf$/);
  await screenshot(page, "billing-team");

  // A declined renewal: every page shows the grace-period banner, writing still works.
  await page.getByRole("button", { name: "Manage billing" }).click();
  await page.getByRole("button", { name: "Simulate a failed payment" }).click();
  await page.waitForURL(new RegExp(`/o/${slug}/settings/billing$`));
  await expect(page.getByText(/^The last payment failed\. Update your payment method by .+ to keep editing\./)).toBeVisible();
  await expect(page.getByTestId("subscription-status")).toHaveText("Past due");
  await expect(invoices.getByRole("cell", { name: "Open" })).toBeVisible();
  await page.getByRole("link", { name: "Dashboard" }).click();
  await expect(page.getByRole("link", { name: "Go to billing" })).toBeVisible();
  await page.goto(`/o/${slug}/settings/billing`);
  await screenshot(page, "billing-past-due");

  await page.getByRole("button", { name: "Manage billing" }).click();
  await expect(page.getByRole("heading", { name: "Manage your subscription" })).toBeVisible();
  await page.getByRole("button", { name: "Cancel subscription" }).click();
  await page.waitForURL(new RegExp(`/o/${slug}/settings/billing$`));
  await expect(page.getByText(/The subscription ends on .+ and will not renew\./)).toBeVisible();

  await page.getByLabel("Language").selectOption("uk");
  await expect(page.getByRole("heading", { name: "Поточний тариф" })).toBeVisible();
  await expect(page.getByText(/Підписка закінчиться .+ і не буде продовжена\./)).toBeVisible();
  await screenshot(page, "billing-uk");
});

test("inviting past the plan's seats shows the limit and a link to upgrade", async ({ page, browserErrors }) => {
  browserErrors.allow(/response: 403 \/api\/trpc\/members\.invite/);
  browserErrors.allow(/Failed to load resource: the server responded with a status of 403/);
  await signUp(page, { name: "Sofiia Owner", email: uniqueEmail("seats"), password: "seats-pass-1", company: "Seats Furniture" });
  const slug = new URL(page.url()).pathname.split("/")[2]!;
  await page.getByRole("link", { name: "Members" }).click();

  // The owner plus four pending invitations fill the trial's five seats.
  for (let i = 1; i <= 4; i++) {
    const email = uniqueEmail(`seat${i}`);
    await page.getByLabel("E-mail", { exact: true }).fill(email);
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(page.getByText(`Invitation sent to ${email}.`)).toBeVisible();
  }
  await page.getByLabel("E-mail", { exact: true }).fill(uniqueEmail("seat5"));
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Your plan" })).toHaveText(
    "Your plan allows 5 members, and pending invitations hold a seat too. Upgrade your plan to invite more people.",
  );
  await screenshot(page, "billing-seat-limit");
  await page.getByRole("link", { name: "Upgrade your plan" }).click();
  await page.waitForURL(new RegExp(`/o/${slug}/settings/billing$`));
  await expect(page.getByTestId("usage-seats")).toContainText("5 of 5");
});

test("an owner downgrades in the portal: the smaller plan shows, over its limit nothing is removed and no more can be added", async ({ page, browserErrors }) => {
  browserErrors.allow(/response: 403 \/api\/trpc\/members\.invite/);
  browserErrors.allow(/Failed to load resource: the server responded with a status of 403/);
  await signUp(page, { name: "Marta Owner", email: uniqueEmail("downgrade"), password: "downgrade-pass-1", company: "Downgrade Furniture" });
  const slug = new URL(page.url()).pathname.split("/")[2]!;

  await page.goto(`/o/${slug}/settings/billing`);
  await page.getByRole("button", { name: "Choose Business" }).click();
  await page.getByRole("button", { name: "Pay and subscribe" }).click();
  await page.waitForURL(new RegExp(`/o/${slug}/settings/billing\\?session_id=cs_test_`));
  await expect(page.getByTestId("current-plan")).toHaveText("Business");
  await expect(page.getByTestId("usage-seats")).toContainText("1 of 50");

  // Eleven seats: the owner and ten invitations, more than the Team plan's ten.
  await page.getByRole("link", { name: "Members" }).click();
  for (let i = 1; i <= 10; i++) {
    const email = uniqueEmail(`down${i}`);
    await page.getByLabel("E-mail", { exact: true }).fill(email);
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(page.getByText(`Invitation sent to ${email}.`)).toBeVisible();
  }
  await page.goto(`/o/${slug}/settings/billing`);
  await expect(page.getByTestId("usage-seats")).toContainText("11 of 50");
  await expect(page.getByTestId("over-limit-notice")).toHaveCount(0);

  await page.getByRole("button", { name: "Manage billing" }).click();
  await expect(page.getByText("Current plan: Business, quantity 1")).toBeVisible();
  await screenshot(page, "billing-portal-switch");
  await page.getByRole("button", { name: "Switch to Team" }).click();
  await page.waitForURL(new RegExp(`/o/${slug}/settings/billing$`));

  await expect(page.getByTestId("current-plan")).toHaveText("Team");
  await expect(page.getByTestId("usage-seats")).toContainText("11 of 10 (over the limit)");
  const notice = page.getByTestId("over-limit-notice");
  await expect(notice).toContainText("Your organization is over your plan's limits");
  await expect(notice).toContainText("11 members (with pending invitations), your plan allows 10.");
  await expect(page.getByText("Your plan", { exact: true })).toHaveCount(1);
  await screenshot(page, "billing-downgraded");

  // The members page says so too; the invitations are all still there, and one more is refused.
  await page.getByRole("link", { name: "Members" }).click();
  await expect(page.getByTestId("over-limit-notice")).toContainText("11 members (with pending invitations), your plan allows 10.");
  await page.getByLabel("E-mail", { exact: true }).fill(uniqueEmail("down11"));
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Your plan" })).toHaveText(
    "Your plan allows 10 members, and pending invitations hold a seat too. Upgrade your plan to invite more people.",
  );
  await screenshot(page, "billing-over-limit-members");
  await page.getByTestId("over-limit-notice").getByRole("link", { name: "Upgrade your plan" }).click();
  await page.waitForURL(new RegExp(`/o/${slug}/settings/billing$`));
  await expect(page.getByRole("button", { name: "Change to Business" })).toBeVisible();
});

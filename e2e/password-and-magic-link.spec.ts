import { expect, linkFromMailbox, signUp, test, uniqueEmail } from "./fixtures";

test("a person who forgot the password resets it by e-mail and signs in with the new one", async ({ page }) => {
  const email = uniqueEmail("forgetful");
  await signUp(page, { name: "Petro Forgetful", email, password: "old-password-1", company: "Forgetful Furniture" });
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/sign-in/);

  await page.getByRole("link", { name: "Forgot password?" }).click();
  await page.waitForURL(/\/forgot-password/);
  await page.getByLabel("E-mail").fill(email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByText("If an account exists for this e-mail")).toBeVisible();

  const link = await linkFromMailbox(page, email, /\/reset-password\//);
  await page.goto(link);
  await page.getByLabel("New password").fill("new-password-2");
  await page.getByRole("button", { name: "Set new password" }).click();
  await page.waitForURL(/\/o\/forgetful-furniture/);

  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/sign-in/);
  await page.getByLabel("E-mail", { exact: true }).fill(email);
  await page.getByLabel("Password").fill("new-password-2");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL(/\/o\/forgetful-furniture/);

  await page.goto(link);
  await expect(page.getByText("This reset link has expired or was already used.")).toBeVisible();
});

test("a magic link signs an existing person in without a password", async ({ page }) => {
  const email = uniqueEmail("linky");
  await signUp(page, { name: "Lina Link", email, password: "linky-pass-1", company: "Linky Interiors" });
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/sign-in/);

  await page.getByLabel("E-mail for the sign-in link").fill(email);
  await page.getByRole("button", { name: "E-mail me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your e-mail" })).toBeVisible();

  const link = await linkFromMailbox(page, email, /\/api\/auth\/callback\//);
  await page.goto(link);
  await page.waitForURL(/\/o\/linky-interiors/);
  await expect(page.getByRole("heading", { name: "Get started" })).toBeVisible();
});

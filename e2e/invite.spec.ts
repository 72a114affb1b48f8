import { expect, linkFromMailbox, screenshot, signUp, test, uniqueEmail } from "./fixtures";

test("an owner invites a manager, who accepts with a new account and sees that organization only", async ({ page, browser }) => {
  const outsider = await browser.newPage();
  await signUp(outsider, { name: "Oscar Other", email: uniqueEmail("other"), password: "other-pass-1", company: "Other Trading" });
  const otherSlug = new URL(outsider.url()).pathname.split("/")[2]!;
  await outsider.close();

  await signUp(page, { name: "Iryna Owner", email: uniqueEmail("owner"), password: "owner-pass-1", company: "Invite Furniture" });
  const slug = new URL(page.url()).pathname.split("/")[2]!;
  await page.getByRole("link", { name: "Members" }).click();
  await expect(page.getByRole("heading", { name: "Members", exact: true })).toBeVisible();

  const invitee = uniqueEmail("manager");
  await page.getByLabel("E-mail", { exact: true }).fill(invitee);
  await page.getByLabel("Role", { exact: true }).selectOption("manager");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`Invitation sent to ${invitee}.`)).toBeVisible();
  await screenshot(page, "members-invited");
  const link = await linkFromMailbox(page, invitee, /\/invite\//);

  const guestContext = await browser.newContext();
  const guest = await guestContext.newPage();
  await guest.goto(link);
  await expect(guest.getByRole("heading", { name: "Join Invite Furniture" })).toBeVisible();
  await guest.getByLabel("Your name").fill("Max Manager");
  await guest.getByLabel("Password").fill("manager-pass-1");
  await guest.getByRole("button", { name: "Create account and join" }).click();
  await guest.waitForURL(new RegExp(`/o/${slug}$`));

  const switcher = guest.getByLabel("Organization");
  const offered = await switcher.locator("option").evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
  expect(offered.sort()).toEqual(["demo", slug].sort());
  await expect(guest.getByText("Manager", { exact: true })).toBeVisible();

  const foreign = await guest.goto(`/o/${otherSlug}`);
  expect(foreign?.status()).toBe(404);
  await guestContext.close();

  await page.goto(`/o/${slug}/members`);
  await expect(page.getByRole("cell", { name: invitee })).toBeVisible();
});

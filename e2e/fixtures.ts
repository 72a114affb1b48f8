import { test as base, expect, type Page } from "@playwright/test";

type BrowserErrors = {
  /** A journey that provokes an error on purpose (a refused form) names the console line it expects. */
  allow: (pattern: RegExp) => void;
};

/** Every journey fails on a browser console error or an uncaught page error it did not expect. */
export const test = base.extend<{ browserErrors: BrowserErrors }>({
  browserErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      const allowed: RegExp[] = [];
      page.on("console", (message) => {
        if (message.type() === "error") errors.push(`console: ${message.text()}`);
      });
      page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
      // Chromium's "Failed to load resource" line has no address; this one says which request failed.
      page.on("response", (response) => {
        if (response.status() >= 400) errors.push(`response: ${response.status()} ${new URL(response.url()).pathname}`);
      });
      await use({ allow: (pattern) => allowed.push(pattern) });
      expect(
        errors.filter((e) => !allowed.some((p) => p.test(e))),
        "browser errors during the journey",
      ).toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** A unique e-mail per run, so journeys never collide with earlier data. */
export function uniqueEmail(prefix: string) {
  return `${prefix}.${Date.now()}.${Math.floor(Math.random() * 1e6)}@example.test`;
}

export async function signUp(page: Page, person: { name: string; email: string; password: string; company: string }) {
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill(person.name);
  await page.getByLabel("Work e-mail").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByLabel("Company name").fill(person.company);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/o\/[^/]+$/);
}

/** The newest mail to `to` in the dev mailbox, and the first link in it that matches `linkPattern`. */
export async function linkFromMailbox(page: Page, to: string, linkPattern: RegExp): Promise<string> {
  const mail = page.locator("article, li").filter({ hasText: to }).first();
  // A password reset mail is sent after the response (so its timing tells nothing): reload, as one refreshes an inbox.
  await expect(async () => {
    await page.goto("/dev/mailbox");
    await expect(mail).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  const hrefs = await mail.locator("a").evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
  const href = hrefs.find((h) => linkPattern.test(h));
  if (!href) throw new Error(`no link matching ${linkPattern} in the mail to ${to}: ${hrefs.join(", ")}`);
  return href;
}

export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: `e2e/screenshots/${name}.png`, fullPage: true });
}

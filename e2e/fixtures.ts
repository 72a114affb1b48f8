import { test as base, expect } from "@playwright/test";

/** Every journey fails on a browser console error or an uncaught page error. */
export const test = base.extend<{ failOnConsoleErrors: void }>({
  failOnConsoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error") errors.push(`console: ${message.text()}`);
      });
      page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
      await use();
      expect(errors, "browser errors during the journey").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** A unique e-mail per run, so journeys never collide with earlier data. */
export function uniqueEmail(prefix: string) {
  return `${prefix}.${Date.now()}.${Math.floor(Math.random() * 1e6)}@example.test`;
}

import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { devMailbox } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { composeActionMail } from "./compose-action-mail";
import { isDevMailboxEnabled, listDevMailbox } from "./dev-mailbox";
import { sendMail } from "./send-mail";

describe("sendMail without SMTP", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    testDb = await createTestDatabase();
  });
  afterAll(() => testDb.drop());

  it("prints the mail with its links and keeps it in the dev mailbox, newest first", async () => {
    const log = vi.spyOn(console, "info").mockImplementation(() => {});
    const env = { NODE_ENV: "test" };
    const first = await composeActionMail({ to: "a@example.test", locale: "en", kind: "passwordReset", url: "http://localhost:3000/reset-password/abc" });
    await sendMail(testDb.db, first, env);
    await sendMail(testDb.db, { to: "b@example.test", subject: "Second", text: "see http://localhost:3000/x", html: "<p>x</p>" }, env);

    expect(log.mock.calls.map((c) => String(c[0])).join("\n")).toContain("http://localhost:3000/reset-password/abc");
    log.mockRestore();

    const mails = await listDevMailbox(testDb.db);
    expect(mails.map((m) => m.to)).toEqual(["b@example.test", "a@example.test"]);
    expect(mails[1]).toMatchObject({ subject: "Reset your SalesPulse password" });
    expect(mails[1]!.text).toContain("http://localhost:3000/reset-password/abc");
    const [stored] = await testDb.db.select({ html: devMailbox.html }).from(devMailbox).limit(1);
    expect(stored?.html).toContain('href="http://localhost:3000/reset-password/abc"');
  });
});

describe("composeActionMail", () => {
  it("writes the mail in the recipient's language and escapes names in HTML", async () => {
    const mail = await composeActionMail({
      to: "x@example.test",
      locale: "uk",
      kind: "invitation",
      url: "http://localhost:3000/invite/t",
      params: { inviter: "<Olena>", org: "Acme", role: "Менеджер" },
    });
    expect(mail.subject).toBe("<Olena> запрошує вас до Acme у SalesPulse");
    expect(mail.html).toContain("&lt;Olena&gt;");
    expect(mail.html).not.toContain("<Olena>");
    expect(mail.text).toContain("http://localhost:3000/invite/t");
  });
});

describe("the dev mailbox page", () => {
  it("exists outside production, and in production only with DEV_MAILBOX=1", () => {
    expect(isDevMailboxEnabled({ NODE_ENV: "development" })).toBe(true);
    expect(isDevMailboxEnabled({ NODE_ENV: "production" })).toBe(false);
    expect(isDevMailboxEnabled({ NODE_ENV: "production", DEV_MAILBOX: "1" })).toBe(true);
  });
});

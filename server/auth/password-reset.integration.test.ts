import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devMailbox, passwordResetTokens, users } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { hashPassword, verifyPassword } from "./password";
import { isPasswordResetTokenUsable, requestPasswordReset, resetPassword } from "./password-reset";
import { hashToken } from "./tokens";

describe("password reset", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  const origin = "http://localhost:3101";

  beforeAll(async () => {
    testDb = await createTestDatabase();
    await testDb.db.insert(users).values({ email: "maria@example.test", passwordHash: await hashPassword("old password") });
  });
  afterAll(() => testDb.drop());

  /** The token from the latest mail to this address, as the person would click it. */
  async function tokenFromMail(to: string) {
    const mails = await testDb.db.select().from(devMailbox).where(eq(devMailbox.to, to)).orderBy(devMailbox.id);
    const link = mails.at(-1)?.text.match(/\/reset-password\/([A-Za-z0-9_-]+)/);
    return link?.[1];
  }

  it("mails a link whose token is stored only as its hash", async () => {
    await requestPasswordReset(testDb.db, { email: "maria@example.test", origin, locale: "ru" });
    const token = await tokenFromMail("maria@example.test");
    expect(token).toBeDefined();
    const [mail] = await testDb.db.select().from(devMailbox).where(eq(devMailbox.to, "maria@example.test"));
    expect(mail!.subject).toBe("Сброс пароля SalesPulse");
    expect(mail!.text).toContain(`${origin}/reset-password/${token}`);
    const stored = await testDb.db.select().from(passwordResetTokens);
    expect(stored.map((r) => r.tokenHash)).toEqual([hashToken(token!)]);
  });

  it("sends nothing for an unknown e-mail", async () => {
    await requestPasswordReset(testDb.db, { email: "nobody@example.test", origin, locale: "en" });
    expect(await tokenFromMail("nobody@example.test")).toBeUndefined();
  });

  it("sets the new password once; the same link is refused afterwards", async () => {
    await requestPasswordReset(testDb.db, { email: "maria@example.test", origin, locale: "en" });
    const token = (await tokenFromMail("maria@example.test"))!;
    expect(await isPasswordResetTokenUsable(testDb.db, token)).toBe(true);

    expect(await resetPassword(testDb.db, { token, password: "new password 1" })).toEqual({ email: "maria@example.test" });
    const [user] = await testDb.db.select().from(users).where(eq(users.email, "maria@example.test"));
    expect(await verifyPassword(user!.passwordHash!, "new password 1")).toBe(true);

    expect(await isPasswordResetTokenUsable(testDb.db, token)).toBe(false);
    await expect(resetPassword(testDb.db, { token, password: "new password 2" })).rejects.toMatchObject({ messageKey: "auth.reset.linkInvalid" });
  });

  it("refuses a link after one hour", async () => {
    const requestedAt = new Date("2030-05-01T12:00:00Z");
    await requestPasswordReset(testDb.db, { email: "maria@example.test", origin, locale: "en" }, requestedAt);
    const token = (await tokenFromMail("maria@example.test"))!;
    const later = new Date(requestedAt.getTime() + 60 * 60_000 + 1);
    expect(await isPasswordResetTokenUsable(testDb.db, token, new Date(requestedAt.getTime() + 59 * 60_000))).toBe(true);
    expect(await isPasswordResetTokenUsable(testDb.db, token, later)).toBe(false);
    await expect(resetPassword(testDb.db, { token, password: "new password 3" }, later)).rejects.toMatchObject({ messageKey: "auth.reset.linkInvalid" });
  });

  it("refuses a made-up token", async () => {
    await expect(resetPassword(testDb.db, { token: "made-up", password: "whatever 123" })).rejects.toMatchObject({ kind: "invalid" });
  });
});

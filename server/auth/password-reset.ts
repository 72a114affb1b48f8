import { and, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { passwordResetTokens, users } from "@/db/schema";
import { invalid } from "@/server/errors";
import { composeActionMail } from "@/server/mail/compose-action-mail";
import { sendMail } from "@/server/mail/send-mail";
import { hashPassword } from "./password";
import { clearSignInFailures, emailKey } from "./sign-in-rate-limit";
import { hashToken, newSecretToken } from "./tokens";

export const PASSWORD_RESET_TTL_MS = 60 * 60_000;

/**
 * Mails a reset link when an account has this e-mail. The caller answers the same either way,
 * so the form cannot be used to find out who has an account.
 */
export async function requestPasswordReset(
  db: Db,
  request: { email: string; origin: string; locale: string },
  now: Date = new Date(),
): Promise<void> {
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, request.email)).limit(1);
  if (!user) return;
  const { token, tokenHash } = newSecretToken();
  await db.insert(passwordResetTokens).values({ tokenHash, userId: user.id, expiresAt: new Date(now.getTime() + PASSWORD_RESET_TTL_MS) });
  const mail = await composeActionMail({
    to: request.email,
    locale: request.locale,
    kind: "passwordReset",
    url: `${request.origin}/reset-password/${token}`,
  });
  await sendMail(db, mail);
}

const usable = (tokenHash: string, now: Date) =>
  and(eq(passwordResetTokens.tokenHash, tokenHash), isNull(passwordResetTokens.usedAt), gt(passwordResetTokens.expiresAt, now));

/** Whether a reset link can still be used (not expired, not used), so the page can say so before asking for a password. */
export async function isPasswordResetTokenUsable(db: Db, token: string, now: Date = new Date()): Promise<boolean> {
  const [row] = await db.select({ userId: passwordResetTokens.userId }).from(passwordResetTokens).where(usable(hashToken(token), now)).limit(1);
  return Boolean(row);
}

export const resetLinkInvalid = () => invalid({}, "auth.reset.linkInvalid");

/**
 * Sets a new password with a reset token. The token is used up in the same statement that checks it, so two
 * submissions cannot both succeed; the person's other reset links stop working too.
 */
export async function resetPassword(db: Db, input: { token: string; password: string }, now: Date = new Date()): Promise<{ email: string }> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [used] = await tx
      .update(passwordResetTokens)
      .set({ usedAt: now })
      .where(usable(hashToken(input.token), now))
      .returning({ userId: passwordResetTokens.userId });
    if (!used) throw resetLinkInvalid();
    await tx
      .update(passwordResetTokens)
      .set({ usedAt: now })
      .where(and(eq(passwordResetTokens.userId, used.userId), isNull(passwordResetTokens.usedAt)));
    const [user] = await tx
      .update(users)
      // Following the mailed link proves the address, as a magic link would.
      .set({ passwordHash, emailVerified: now })
      .where(eq(users.id, used.userId))
      .returning({ email: users.email });
    await clearSignInFailures(tx, emailKey(user!.email));
    return { email: user!.email };
  });
}

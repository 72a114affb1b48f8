import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { hashPassword, verifyPassword } from "./password";
import { clearSignInFailures, isSignInLocked, recordSignInFailure, signInKeys } from "./sign-in-rate-limit";

export type PasswordSignInResult =
  | { kind: "ok"; user: { id: string; email: string; name: string | null } }
  | { kind: "invalid" }
  | { kind: "locked" };

// Checked when the e-mail is unknown, so an answer takes as long as for a real account.
let decoyHash: Promise<string> | undefined;

/**
 * Checks an e-mail and password under the shared rate limit: while the e-mail or the client address is
 * locked nothing is verified; a failure counts against both; a success clears the e-mail's counter.
 */
export async function verifyPasswordSignIn(
  db: Db,
  attempt: { email: string; password: string; ip: string },
  now: Date = new Date(),
): Promise<PasswordSignInResult> {
  const keys = signInKeys(attempt.email, attempt.ip);
  if (await isSignInLocked(db, [keys.email, keys.ip], now)) return { kind: "locked" };

  const [user] = await db.select().from(users).where(eq(users.email, attempt.email.toLowerCase())).limit(1);
  const matches = user?.passwordHash
    ? await verifyPassword(user.passwordHash, attempt.password)
    : await verifyPassword(await (decoyHash ??= hashPassword("decoy password")), attempt.password).then(() => false);

  if (!user || !matches) {
    await recordSignInFailure(db, [keys.email, keys.ip], now);
    return { kind: "invalid" };
  }
  await clearSignInFailures(db, keys.email);
  return { kind: "ok", user: { id: user.id, email: user.email, name: user.name } };
}

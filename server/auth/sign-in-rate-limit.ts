import { and, eq, gt, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { signInAttempts } from "@/db/schema";

export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MS = 15 * 60_000;
export const LOCK_MS = 15 * 60_000;

export const emailKey = (email: string) => `email:${email.toLowerCase()}`;

/** The counters a password attempt is charged to: the e-mail tried and the address it came from. */
export function signInKeys(email: string, ip: string) {
  return { email: emailKey(email), ip: `ip:${ip}` };
}

export async function isSignInLocked(db: Db, keys: string[], now: Date): Promise<boolean> {
  const locked = await db
    .select({ key: signInAttempts.key })
    .from(signInAttempts)
    .where(and(inArray(signInAttempts.key, keys), gt(signInAttempts.lockedUntil, now)))
    .limit(1);
  return locked.length > 0;
}

/**
 * Counts one failure against each key in a single upsert per key, so concurrent attempts on several servers
 * cannot lose a count. A window older than FAILURE_WINDOW_MS starts over; the MAX_FAILURES-th failure
 * inside a window locks the key for LOCK_MS.
 */
export async function recordSignInFailure(db: Db, keys: string[], now: Date): Promise<void> {
  const nowAt = sql`${now.toISOString()}::timestamptz`;
  const windowExpired = sql`${signInAttempts.windowStartedAt} <= ${new Date(now.getTime() - FAILURE_WINDOW_MS).toISOString()}::timestamptz`;
  const failures = sql`case when ${windowExpired} then 1 else ${signInAttempts.failures} + 1 end`;
  const lockUntil = new Date(now.getTime() + LOCK_MS);
  for (const key of keys) {
    await db
      .insert(signInAttempts)
      .values({ key, failures: 1, windowStartedAt: now })
      .onConflictDoUpdate({
        target: signInAttempts.key,
        set: {
          failures,
          windowStartedAt: sql`case when ${windowExpired} then ${nowAt} else ${signInAttempts.windowStartedAt} end`,
          lockedUntil: sql`case when ${failures} >= ${MAX_FAILURES} then ${lockUntil.toISOString()}::timestamptz
            when ${windowExpired} then null else ${signInAttempts.lockedUntil} end`,
        },
      });
  }
}

export async function clearSignInFailures(db: Pick<Db, "delete">, key: string): Promise<void> {
  await db.delete(signInAttempts).where(eq(signInAttempts.key, key));
}

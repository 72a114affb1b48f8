import { randomBytes } from "node:crypto";
import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apiKeys } from "@/db/schema";
import { hashToken } from "@/server/auth/tokens";
import { notFound } from "@/server/errors";

const KEY_PREFIX = "sp_live_";
const DISPLAY_PREFIX_LENGTH = 8;
/** last_used_at is written at most this often per key, so a busy integration does not write on every request. */
const LAST_USED_GRANULARITY_MS = 60_000;

export type ApiKeyListItem = { id: string; name: string; prefix: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null };
export type CreatedApiKey = ApiKeyListItem & { key: string };

/** A new key: "sp_live_" + 32 random bytes (base64url). Only its sha256 and a short display prefix are stored. */
export async function createApiKey(db: Db, orgId: string, input: { name: string; createdBy: string | null }): Promise<CreatedApiKey> {
  const key = KEY_PREFIX + randomBytes(32).toString("base64url");
  const [row] = await db
    .insert(apiKeys)
    .values({ orgId, name: input.name, prefix: key.slice(KEY_PREFIX.length, KEY_PREFIX.length + DISPLAY_PREFIX_LENGTH), keyHash: hashToken(key), createdBy: input.createdBy })
    .returning(listColumns);
  return { ...row!, key };
}

const listColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
};

/** The org's keys, newest first, revoked ones included (marked); never the hash. */
export function listApiKeys(db: Db, orgId: string): Promise<ApiKeyListItem[]> {
  return db.select(listColumns).from(apiKeys).where(eq(apiKeys.orgId, orgId)).orderBy(desc(apiKeys.createdAt));
}

export async function revokeApiKey(db: Db, orgId: string, keyId: string, now: Date = new Date()): Promise<void> {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(apiKeys.orgId, orgId), eq(apiKeys.id, keyId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  if (!row) throw notFound();
}

/**
 * The org and key a raw API key stands for, or null (unknown, malformed or revoked). The key is found by its
 * hash through the unique index, so no comparison of secrets runs in application code (nothing to time).
 */
export async function authenticateApiKey(db: Db, rawKey: string, now: Date = new Date()): Promise<{ orgId: string; keyId: string } | null> {
  if (!rawKey.startsWith(KEY_PREFIX) || rawKey.length > 200) return null;
  const [row] = await db
    .select({ orgId: apiKeys.orgId, keyId: apiKeys.id })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, hashToken(rawKey)), isNull(apiKeys.revokedAt)));
  if (!row) return null;
  await db
    .update(apiKeys)
    .set({ lastUsedAt: now })
    .where(
      and(
        eq(apiKeys.orgId, row.orgId),
        eq(apiKeys.id, row.keyId),
        or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, new Date(now.getTime() - LAST_USED_GRANULARITY_MS))),
      ),
    );
  return row;
}

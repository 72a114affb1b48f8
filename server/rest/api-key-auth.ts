import type { Db } from "@/db/client";
import { authenticateApiKey } from "@/server/api-keys/api-keys";
import { DomainError } from "@/server/errors";

/** The org and key of a request's `Authorization: Bearer <key>`; a missing, unknown or revoked key is refused (401). */
export async function requireApiKey(db: Db, request: Request): Promise<{ orgId: string; keyId: string }> {
  const [scheme, key] = (request.headers.get("authorization") ?? "").trim().split(/\s+/, 2);
  const caller = scheme?.toLowerCase() === "bearer" && key ? await authenticateApiKey(db, key) : null;
  if (!caller) throw new DomainError("unauthorized", "apiKeys.rest.unauthorized");
  return caller;
}

import { createHash, randomBytes } from "node:crypto";

/** A secret for a link sent by mail: 32 random bytes, base64url. Only its hash is ever stored. */
export function newSecretToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

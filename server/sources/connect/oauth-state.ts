import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { crmKinds, type CrmKind } from "@/server/sources/connector";

/** A person has this long to approve the CRM's consent screen. */
const STATE_TTL_MS = 15 * 60_000;

type StatePayload = { org: string; kind: CrmKind; nonce: string; exp: number };

const sign = (payload: string, secret: string) => createHmac("sha256", secret).update(`sources-oauth:${payload}`).digest("base64url");

/** The OAuth `state`: org slug, CRM kind, a nonce and an expiry, signed with AUTH_SECRET so a callback cannot be forged. */
export function createOAuthState(orgSlug: string, kind: CrmKind, secret: string, now = Date.now()): string {
  const payload = Buffer.from(JSON.stringify({ org: orgSlug, kind, nonce: randomBytes(12).toString("base64url"), exp: now + STATE_TTL_MS } satisfies StatePayload)).toString("base64url");
  return `${payload}.${sign(payload, secret)}`;
}

/** The state's org slug and kind when the signature holds and it has not expired; otherwise null. */
export function readOAuthState(state: string, secret: string, now = Date.now()): { orgSlug: string; kind: CrmKind } | null {
  const [payload, signature] = state.split(".");
  if (!payload || !signature) return null;
  const expected = Buffer.from(sign(payload, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const parsed = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as StatePayload;
    if (typeof parsed.org !== "string" || !(crmKinds as readonly string[]).includes(parsed.kind) || !(parsed.exp > now)) return null;
    return { orgSlug: parsed.org, kind: parsed.kind };
  } catch {
    return null;
  }
}

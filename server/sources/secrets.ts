import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { DomainError } from "@/server/errors";
import type { Credentials } from "./connector";

/** Sealed form: `v1.<iv>.<tag>.<ciphertext>` (base64url), AES-256-GCM; the version lets the format change later. */
const VERSION = "v1";
const IV_BYTES = 12;

/** The 32-byte key from SOURCES_ENCRYPTION_KEY (base64); a readable refusal when it is missing or malformed. */
export function sourcesEncryptionKey(env: Record<string, string | undefined> = process.env): Buffer {
  const value = env.SOURCES_ENCRYPTION_KEY?.trim();
  if (!value) throw new DomainError("invalid", "sources.errors.encryptionKeyMissing");
  const key = Buffer.from(value, "base64");
  if (key.length !== 32) throw new DomainError("invalid", "sources.errors.encryptionKeyInvalid");
  return key;
}

/** Encrypts a connection's credentials for data_sources.credentials. */
export function sealCredentials(credentials: Credentials, key: Buffer = sourcesEncryptionKey()): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(credentials), "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ciphertext.toString("base64url")].join(".");
}

/** Decrypts sealed credentials; a wrong key or altered text is refused (the GCM tag does not match). */
export function openCredentials(sealed: string, key: Buffer = sourcesEncryptionKey()): Credentials {
  const [version, iv, tag, ciphertext] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new DomainError("invalid", "sources.errors.credentialsUnreadable");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    const plain = Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]);
    return JSON.parse(plain.toString("utf8")) as Credentials;
  } catch {
    throw new DomainError("invalid", "sources.errors.credentialsUnreadable");
  }
}

/** A new random key in the form SOURCES_ENCRYPTION_KEY takes. */
export function generateSourcesEncryptionKey(): string {
  return randomBytes(32).toString("base64");
}

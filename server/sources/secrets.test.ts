import { describe, expect, it } from "vitest";
import { generateSourcesEncryptionKey, openCredentials, sealCredentials, sourcesEncryptionKey } from "./secrets";

const key = sourcesEncryptionKey({ SOURCES_ENCRYPTION_KEY: generateSourcesEncryptionKey() });
const credentials = { baseUrl: "https://acme.amocrm.ru", accessToken: "at-123", refreshToken: "rt-456" };

describe("sealed credentials", () => {
  it("round-trip, with a fresh IV each time and no secret visible in the sealed text", () => {
    const a = sealCredentials(credentials, key);
    const b = sealCredentials(credentials, key);
    expect(a).toMatch(/^v1\./);
    expect(a).not.toBe(b);
    expect(a).not.toContain("at-123");
    expect(openCredentials(a, key)).toEqual(credentials);
  });

  it("refuses altered text and a wrong key", () => {
    const sealed = sealCredentials(credentials, key);
    const parts = sealed.split(".");
    const body = Buffer.from(parts[3]!, "base64url");
    body[0] = body[0]! ^ 1;
    const tampered = [...parts.slice(0, 3), body.toString("base64url")].join(".");
    expect(() => openCredentials(tampered, key)).toThrow(expect.objectContaining({ messageKey: "sources.errors.credentialsUnreadable" }));
    const otherKey = sourcesEncryptionKey({ SOURCES_ENCRYPTION_KEY: generateSourcesEncryptionKey() });
    expect(() => openCredentials(sealed, otherKey)).toThrow(expect.objectContaining({ messageKey: "sources.errors.credentialsUnreadable" }));
    expect(() => openCredentials("v0.x.y.z", key)).toThrow(expect.objectContaining({ messageKey: "sources.errors.credentialsUnreadable" }));
  });

  it("says clearly when the key is missing or not 32 bytes", () => {
    expect(() => sourcesEncryptionKey({})).toThrow(expect.objectContaining({ messageKey: "sources.errors.encryptionKeyMissing" }));
    expect(() => sourcesEncryptionKey({ SOURCES_ENCRYPTION_KEY: Buffer.alloc(16).toString("base64") })).toThrow(
      expect.objectContaining({ messageKey: "sources.errors.encryptionKeyInvalid" }),
    );
  });
});

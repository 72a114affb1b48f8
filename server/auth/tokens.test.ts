import { describe, expect, it } from "vitest";
import { hashToken, newSecretToken } from "./tokens";

describe("secret tokens", () => {
  it("are 32 random bytes in base64url, with a sha256 hash that is not the token", () => {
    const { token, tokenHash } = newSecretToken();
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenHash).toBe(hashToken(token));
    expect(newSecretToken().token).not.toBe(token);
  });
});

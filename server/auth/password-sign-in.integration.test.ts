import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { hashPassword } from "./password";
import { verifyPasswordSignIn } from "./password-sign-in";

const minutes = (n: number) => n * 60_000;

describe("password sign-in with the shared rate limit", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  const start = new Date("2030-01-01T10:00:00Z").getTime();
  const at = (offsetMs: number) => new Date(start + offsetMs);

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const passwordHash = await hashPassword("right password");
    await testDb.db.insert(users).values([
      { email: "anna@example.test", name: "Anna", passwordHash },
      { email: "boris@example.test", name: "Boris", passwordHash },
      { email: "clara@example.test", name: "Clara", passwordHash },
    ]);
  });
  afterAll(() => testDb.drop());

  const attempt = (email: string, password: string, ip: string, when: Date) =>
    verifyPasswordSignIn(testDb.db, { email, password, ip }, when).then((r) => r.kind);

  it("signs in with the right password, case-insensitively by e-mail", async () => {
    expect(await attempt("Anna@Example.test", "right password", "198.51.100.1", at(0))).toBe("ok");
    expect(await attempt("anna@example.test", "wrong", "198.51.100.1", at(0))).toBe("invalid");
    expect(await attempt("nobody@example.test", "right password", "198.51.100.1", at(0))).toBe("invalid");
  });

  it("locks an e-mail for 15 minutes after 5 failures within 15 minutes, even for the right password", async () => {
    for (let i = 0; i < 5; i++) expect(await attempt("boris@example.test", "wrong", `192.0.2.${i}`, at(minutes(i)))).toBe("invalid");
    expect(await attempt("boris@example.test", "right password", "192.0.2.99", at(minutes(5)))).toBe("locked");
    // The lock started with the fifth failure (minute 4) and lasts 15 minutes.
    expect(await attempt("boris@example.test", "right password", "192.0.2.99", at(minutes(18)))).toBe("locked");
    expect(await attempt("boris@example.test", "right password", "192.0.2.99", at(minutes(19) + 1))).toBe("ok");
  });

  it("forgets failures older than the 15-minute window", async () => {
    for (let i = 0; i < 4; i++) await attempt("clara@example.test", "wrong", "192.0.2.50", at(minutes(100 + i)));
    expect(await attempt("clara@example.test", "wrong", "192.0.2.51", at(minutes(116)))).toBe("invalid");
    expect(await attempt("clara@example.test", "right password", "192.0.2.51", at(minutes(117)))).toBe("ok");
  });

  it("locks a client address that fails on many e-mails, without locking those e-mails elsewhere", async () => {
    for (let i = 0; i < 5; i++) await attempt(`guess${i}@example.test`, "wrong", "203.0.113.9", at(minutes(200)));
    expect(await attempt("anna@example.test", "right password", "203.0.113.9", at(minutes(201)))).toBe("locked");
    expect(await attempt("anna@example.test", "right password", "203.0.113.10", at(minutes(201)))).toBe("ok");
  });

  it("clears the e-mail's counter on success", async () => {
    for (let i = 0; i < 4; i++) await attempt("anna@example.test", "wrong", `198.51.100.${20 + i}`, at(minutes(300)));
    expect(await attempt("anna@example.test", "right password", "198.51.100.30", at(minutes(301)))).toBe("ok");
    for (let i = 0; i < 4; i++) await attempt("anna@example.test", "wrong", `198.51.100.${40 + i}`, at(minutes(302)));
    expect(await attempt("anna@example.test", "right password", "198.51.100.50", at(minutes(303)))).toBe("ok");
  });
});

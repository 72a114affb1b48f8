import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberships, organizations, users } from "@/db/schema";
import { verifyPassword } from "@/server/auth/password";
import { DomainError } from "@/server/errors";
import { createTestDatabase } from "@/test/db";
import { createOrganization, signUp, ZSignUp } from "./signup";

const input = {
  name: "Olena Koval",
  email: "olena@example.test",
  password: "long enough",
  organizationName: "Меблі Карпати",
  currency: "UAH" as const,
  timeZone: "Europe/Kyiv",
};

describe("sign-up", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    testDb = await createTestDatabase();
  });
  afterAll(() => testDb.drop());

  const counts = async () => {
    const [u] = await testDb.db.select({ n: count() }).from(users);
    const [o] = await testDb.db.select({ n: count() }).from(organizations);
    const [m] = await testDb.db.select({ n: count() }).from(memberships);
    return { users: u!.n, orgs: o!.n, memberships: m!.n };
  };

  it("creates the user, the organization and the owner membership", async () => {
    const { userId, orgSlug } = await signUp(testDb.db, input, "uk");
    expect(orgSlug).toBe("mebli-karpati");
    const [user] = await testDb.db.select().from(users).where(eq(users.id, userId));
    expect(user).toMatchObject({ name: "Olena Koval", email: "olena@example.test" });
    expect(await verifyPassword(user!.passwordHash!, "long enough")).toBe(true);
    const [org] = await testDb.db.select().from(organizations).where(eq(organizations.slug, orgSlug));
    expect(org).toMatchObject({ name: "Меблі Карпати", currency: "UAH", timeZone: "Europe/Kyiv", locale: "uk" });
    const rows = await testDb.db.select().from(memberships).where(eq(memberships.orgId, org!.id));
    expect(rows).toEqual([expect.objectContaining({ userId, role: "owner" })]);
  });

  it("refuses a taken e-mail with an error on the e-mail field and writes nothing", async () => {
    const before = await counts();
    const error = await signUp(testDb.db, { ...input, organizationName: "Another" }, "en").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).fieldErrors).toEqual({ email: "auth.signUp.emailTaken" });
    expect(await counts()).toEqual(before);
  });

  it("makes slugs unique with a suffix and keeps 'demo' for the demo company", async () => {
    const second = await signUp(testDb.db, { ...input, email: "petro@example.test" }, "uk");
    expect(second.orgSlug).toBe("mebli-karpati-2");
    const demo = await signUp(testDb.db, { ...input, email: "d@example.test", organizationName: "Demo" }, "en");
    expect(demo.orgSlug).toBe("demo-2");
  });

  it("lets a signed-in person create another organization that they own", async () => {
    const [user] = await testDb.db.select().from(users).where(eq(users.email, "olena@example.test"));
    const { orgSlug } = await createOrganization(testDb.db, user!.id, { organizationName: "Second Shop", currency: "EUR", timeZone: "UTC" }, "en");
    const [row] = await testDb.db
      .select({ role: memberships.role })
      .from(memberships)
      .innerJoin(organizations, eq(organizations.id, memberships.orgId))
      .where(eq(organizations.slug, orgSlug));
    expect(row?.role).toBe("owner");
  });

  it("signs an agency up as an agency", async () => {
    const { orgSlug } = await signUp(testDb.db, { ...input, email: "consult@example.test", organizationName: "Growth Partners", kind: "agency" }, "en");
    const [org] = await testDb.db.select().from(organizations).where(eq(organizations.slug, orgSlug));
    expect(org).toMatchObject({ kind: "agency", agencyOrgId: null });
  });
});

describe("sign-up input", () => {
  it("reports each bad field with a message key", () => {
    const result = ZSignUp.safeParse({ ...input, email: "not-an-email", password: "short", currency: "XXX", timeZone: "Mars/Base" });
    expect(result.success).toBe(false);
    const fields = Object.fromEntries(result.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(fields).toEqual({
      email: "errors.field.email",
      password: "errors.field.passwordTooShort",
      currency: "errors.field.invalid",
      timeZone: "errors.field.invalid",
    });
  });
  it("normalises the e-mail and accepts a browser's zone", () => {
    const result = ZSignUp.parse({ ...input, email: "  Olena@Example.TEST ", timeZone: "America/Argentina/Buenos_Aires" });
    expect(result.email).toBe("olena@example.test");
  });
});

import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db, Tx } from "@/db/client";
import { memberships, users } from "@/db/schema";
import { DEMO_USER_EMAIL } from "@/server/auth/demo-user";
import { hashPassword } from "@/server/auth/password";
import { conflict, forbidden } from "@/server/errors";
import { insertOrganization } from "./insert-organization";
import { ZOwnOrganizationFields, type OwnOrganizationFields } from "./organization-fields";

export const ZAccountFields = z.object({
  name: z.string().trim().min(1, "errors.field.required").max(100, "errors.field.tooLong"),
  password: z.string().min(8, "errors.field.passwordTooShort").max(200, "errors.field.tooLong"),
});

export const ZEmail = z.string().trim().toLowerCase().max(254, "errors.field.tooLong").pipe(z.email("errors.field.email"));

export const ZSignUp = ZAccountFields.extend({ email: ZEmail, ...ZOwnOrganizationFields.shape });
export type SignUpInput = z.infer<typeof ZSignUp>;

export const emailTaken = () => conflict("auth.signUp.emailTaken", { email: "auth.signUp.emailTaken" });

async function insertOwnedOrganization(tx: Tx, ownerId: string, fields: OwnOrganizationFields, locale: string) {
  const org = await insertOrganization(tx, fields, locale);
  await tx.insert(memberships).values({ orgId: org.id, userId: ownerId, role: "owner" });
  return org;
}

/** A new person with their own organization, which they own: all of it or nothing. */
export async function signUp(db: Db, input: SignUpInput, locale: string): Promise<{ userId: string; orgSlug: string }> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({ name: input.name, email: input.email, passwordHash, locale })
      .onConflictDoNothing({ target: users.email })
      .returning({ id: users.id });
    if (!user) throw emailTaken();
    const org = await insertOwnedOrganization(tx, user.id, input, locale);
    return { userId: user.id, orgSlug: org.slug };
  });
}

/** Another organization for a signed-in person (or their first, after a magic-link sign-up), owned by them. */
export async function createOrganization(db: Db, userId: string, fields: OwnOrganizationFields, locale: string): Promise<{ orgSlug: string }> {
  return db.transaction(async (tx) => {
    const [user] = await tx.select({ email: users.email }).from(users).where(eq(users.id, userId)).limit(1);
    if (!user) throw forbidden();
    // The demo account is shared by every visitor: an organization made with it would be theirs too.
    if (user.email === DEMO_USER_EMAIL) throw forbidden("org.create.demoAccount");
    const org = await insertOwnedOrganization(tx, userId, fields, locale);
    return { orgSlug: org.slug };
  });
}

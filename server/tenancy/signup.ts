import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { memberships, organizations, users } from "@/db/schema";
import { slugify } from "@/lib/slug";
import { DEMO_ORG_SLUG, DEMO_USER_EMAIL } from "@/server/auth/demo-user";
import { hashPassword } from "@/server/auth/password";
import { conflict, forbidden } from "@/server/errors";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** Currencies offered when an organization is created; any of them is formatted by locale everywhere. */
export const commonCurrencies = [
  "USD", "EUR", "GBP", "UAH", "RUB", "KZT", "PLN", "CZK", "CHF", "SEK", "NOK", "DKK", "GEL", "AMD", "AZN", "BYN",
  "UZS", "TRY", "AED", "ILS", "INR", "CNY", "JPY", "SGD", "AUD", "CAD", "BRL", "MXN",
] as const;

/** An IANA zone name such as "Europe/Kyiv" or "UTC" that this runtime can format dates in. */
export function isTimeZone(value: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const ZOrganizationFields = z.object({
  organizationName: z.string().trim().min(1, "errors.field.required").max(100, "errors.field.tooLong"),
  currency: z.enum(commonCurrencies, "errors.field.invalid"),
  timeZone: z.string().trim().refine(isTimeZone, "errors.field.invalid"),
});
export type OrganizationFields = z.infer<typeof ZOrganizationFields>;

export const ZAccountFields = z.object({
  name: z.string().trim().min(1, "errors.field.required").max(100, "errors.field.tooLong"),
  password: z.string().min(8, "errors.field.passwordTooShort").max(200, "errors.field.tooLong"),
});

export const ZEmail = z.string().trim().toLowerCase().max(254, "errors.field.tooLong").pipe(z.email("errors.field.email"));

export const ZSignUp = ZAccountFields.extend({ email: ZEmail, ...ZOrganizationFields.shape });
export type SignUpInput = z.infer<typeof ZSignUp>;

export const emailTaken = () => conflict("auth.signUp.emailTaken", { email: "auth.signUp.emailTaken" });

// The demo company owns "demo"; nobody else may take it even before the demo generator has run.
const reservedSlugs = new Set([DEMO_ORG_SLUG]);

function slugCandidate(base: string, attempt: number): string {
  if (attempt === 0) return base;
  if (attempt < 20) return `${base}-${attempt + 1}`;
  return `${base}-${randomBytes(3).toString("hex")}`;
}

/** Inserts the organization under the first free slug; a concurrent insert of the same slug just moves on. */
async function insertOrganization(tx: Tx, ownerId: string, fields: OrganizationFields, locale: string) {
  const base = slugify(fields.organizationName);
  for (let attempt = reservedSlugs.has(base) ? 1 : 0; ; attempt++) {
    const [org] = await tx
      .insert(organizations)
      .values({ name: fields.organizationName, slug: slugCandidate(base, attempt), currency: fields.currency, timeZone: fields.timeZone, locale })
      .onConflictDoNothing({ target: organizations.slug })
      .returning({ id: organizations.id, slug: organizations.slug });
    if (org) {
      await tx.insert(memberships).values({ orgId: org.id, userId: ownerId, role: "owner" });
      return org;
    }
  }
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
    const org = await insertOrganization(tx, user.id, input, locale);
    return { userId: user.id, orgSlug: org.slug };
  });
}

/** Another organization for a signed-in person (or their first, after a magic-link sign-up), owned by them. */
export async function createOrganization(db: Db, userId: string, fields: OrganizationFields, locale: string): Promise<{ orgSlug: string }> {
  return db.transaction(async (tx) => {
    const [user] = await tx.select({ email: users.email }).from(users).where(eq(users.id, userId)).limit(1);
    if (!user) throw forbidden();
    // The demo account is shared by every visitor: an organization made with it would be theirs too.
    if (user.email === DEMO_USER_EMAIL) throw forbidden("org.create.demoAccount");
    const org = await insertOrganization(tx, userId, fields, locale);
    return { orgSlug: org.slug };
  });
}

/** The currency select's options, named in the reader's language ("UAH — Ukrainian hryvnia"). */
export function currencyChoices(locale: string): { value: string; label: string }[] {
  const names = new Intl.DisplayNames([locale], { type: "currency" });
  return commonCurrencies.map((code) => ({ value: code, label: `${code} — ${names.of(code) ?? code}` }));
}

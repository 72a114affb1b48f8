import { randomBytes } from "node:crypto";
import type { Tx } from "@/db/client";
import { organizations } from "@/db/schema";
import { slugify } from "@/lib/slug";
import { DEMO_ORG_SLUG } from "@/server/auth/demo-user";
import type { OrganizationFields } from "./organization-fields";

// The demo company owns "demo"; nobody else may take it even before the demo generator has run.
const reservedSlugs = new Set([DEMO_ORG_SLUG]);

function slugCandidate(base: string, attempt: number): string {
  if (attempt === 0) return base;
  if (attempt < 20) return `${base}-${attempt + 1}`;
  return `${base}-${randomBytes(3).toString("hex")}`;
}

/**
 * Inserts an organization under the first free slug made from its name; a concurrent insert of the same slug
 * just moves on to the next. Members are the caller's business.
 */
export async function insertOrganization(
  tx: Tx,
  fields: OrganizationFields & { kind?: "company" | "agency"; agencyOrgId?: string },
  locale: string,
): Promise<{ id: string; slug: string }> {
  const base = slugify(fields.organizationName);
  for (let attempt = reservedSlugs.has(base) ? 1 : 0; ; attempt++) {
    const [org] = await tx
      .insert(organizations)
      .values({
        name: fields.organizationName,
        slug: slugCandidate(base, attempt),
        kind: fields.kind ?? "company",
        agencyOrgId: fields.agencyOrgId,
        currency: fields.currency,
        timeZone: fields.timeZone,
        locale,
      })
      .onConflictDoNothing({ target: organizations.slug })
      .returning({ id: organizations.id, slug: organizations.slug });
    if (org) return org;
  }
}

import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { memberships, organizations, type Organization, type Role } from "@/db/schema";
import { agencyRolesWithClientAccess } from "./permissions";

export type OrgAccess = {
  org: Organization;
  role: Role;
  /** How the person reaches the org: their own membership, their agency's, or the public demo. */
  via: "member" | "agency" | "demo";
};

/**
 * The one access check: which role (if any) a user has in the organization with this slug.
 * A member has their role; an agency's owners, admins and consultants reach its clients as consultants;
 * every signed-in person may view the demo company. Null means no access (shown as not found).
 */
export async function resolveOrgAccess(db: Db, userId: string, orgSlug: string): Promise<OrgAccess | null> {
  const [org] = await db.select().from(organizations).where(eq(organizations.slug, orgSlug)).limit(1);
  if (!org) return null;

  const [own] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.orgId, org.id), eq(memberships.userId, userId)))
    .limit(1);
  if (own) return { org, role: own.role, via: "member" };

  if (org.agencyOrgId) {
    const [agencyMember] = await db
      .select({ role: memberships.role })
      .from(memberships)
      .where(
        and(
          eq(memberships.orgId, org.agencyOrgId),
          eq(memberships.userId, userId),
          inArray(memberships.role, [...agencyRolesWithClientAccess]),
        ),
      )
      .limit(1);
    if (agencyMember) return { org, role: "consultant", via: "agency" };
  }

  if (org.isDemo) return { org, role: "viewer", via: "demo" };
  return null;
}

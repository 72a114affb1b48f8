import { and, asc, eq, inArray, or } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "@/db/client";
import { memberships, organizations, type Role } from "@/db/schema";
import { agencyRolesWithClientAccess } from "./permissions";

export type OrgSummary = { slug: string; name: string; kind: "company" | "agency"; role: Role; isDemo: boolean; agencyName: string | null };

/**
 * Every organization the user can open, for the switcher: their memberships, the clients of agencies
 * where they may reach clients, and the public demo company.
 */
export async function listAccessibleOrganizations(db: Db, userId: string): Promise<OrgSummary[]> {
  const agency = alias(organizations, "agency");
  const own = await db
    .select({ id: organizations.id, slug: organizations.slug, name: organizations.name, kind: organizations.kind, isDemo: organizations.isDemo, role: memberships.role })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(organizations.name));

  const agencyIds = own.filter((o) => o.kind === "agency" && agencyRolesWithClientAccess.includes(o.role)).map((o) => o.id);
  const ownIds = new Set(own.map((o) => o.id));
  const others = await db
    .select({ id: organizations.id, slug: organizations.slug, name: organizations.name, kind: organizations.kind, isDemo: organizations.isDemo, agencyName: agency.name })
    .from(organizations)
    .leftJoin(agency, eq(agency.id, organizations.agencyOrgId))
    .where(
      agencyIds.length
        ? or(inArray(organizations.agencyOrgId, agencyIds), eq(organizations.isDemo, true))
        : and(eq(organizations.isDemo, true)),
    )
    .orderBy(asc(organizations.name));

  return [
    ...own.map(({ id: _id, ...o }) => ({ ...o, agencyName: null })),
    ...others
      .filter((o) => !ownIds.has(o.id))
      .map(({ id: _id, ...o }) => ({ ...o, role: (o.isDemo && !o.agencyName ? "viewer" : "consultant") as Role })),
  ];
}

import { and, eq, isNotNull } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "@/db/client";
import { organizations, type Organization, type Role } from "@/db/schema";
import { forbidden, notFound } from "@/server/errors";
import type { OrgAccess } from "@/server/tenancy/access";
import { syncSubscriptionQuantity } from "@/server/billing/quantity";

/** The roles of a client's own members who may revoke its agency's access. */
const rolesThatRevoke: readonly Role[] = ["owner", "admin"];

export type AgencyAccess = { agencyName: string; canRevoke: boolean };

/** Who may revoke: the client's own owners and admins, never someone who reaches the client through the agency. */
export function mayRevokeAgency(access: Pick<OrgAccess, "via" | "role">): boolean {
  return access.via === "member" && rolesThatRevoke.includes(access.role);
}

/** The agency that reaches this company (null when none), and whether the caller may revoke it. */
export async function loadAgencyAccess(db: Db, org: Pick<Organization, "id">, access: Pick<OrgAccess, "via" | "role">): Promise<AgencyAccess | null> {
  const agency = alias(organizations, "agency");
  const [row] = await db
    .select({ agencyName: agency.name })
    .from(organizations)
    .innerJoin(agency, eq(agency.id, organizations.agencyOrgId))
    .where(eq(organizations.id, org.id))
    .limit(1);
  return row ? { agencyName: row.agencyName, canRevoke: mayRevokeAgency(access) } : null;
}

/**
 * The client takes its data back: the agency's people no longer reach it (their access check fails, so they get
 * a 404) and it leaves the agency's lists. Whatever the agency set up inside it (mapping, dashboards, plans) stays.
 */
export async function revokeAgencyAccess(db: Db, org: Pick<Organization, "id">, access: Pick<OrgAccess, "via" | "role">): Promise<void> {
  if (!mayRevokeAgency(access)) throw forbidden("agency.access.onlyClientRevokes");
  const [current] = await db.select({ agencyOrgId: organizations.agencyOrgId }).from(organizations).where(eq(organizations.id, org.id));
  const revoked = await db
    .update(organizations)
    .set({ agencyOrgId: null })
    .where(and(eq(organizations.id, org.id), isNotNull(organizations.agencyOrgId)))
    .returning({ id: organizations.id });
  if (revoked.length === 0 || !current?.agencyOrgId) throw notFound("agency.access.none");
  // The agency plan is billed per client: one fewer now.
  await syncSubscriptionQuantity(db, current.agencyOrgId);
}

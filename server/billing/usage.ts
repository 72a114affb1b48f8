import { and, count, eq, gt, inArray, isNull } from "drizzle-orm";
import { dataSources, invitations, memberships, organizations, sourceKinds } from "@/db/schema";
import type { Queryable } from "./billing-state";
import type { LimitKind } from "./plans";

/** CRM connections count against the sources limit; the built-in demo, file-import and push-API sources do not. */
export const crmSourceKinds = sourceKinds.filter((kind) => !["demo", "csv", "api"].includes(kind));

/** Members plus invitations still waiting to be accepted: an invitation holds a seat until it expires. */
export async function seatsUsed(db: Queryable, orgId: string, now: Date = new Date()): Promise<number> {
  const [members] = await db.select({ n: count() }).from(memberships).where(eq(memberships.orgId, orgId));
  const [pending] = await db
    .select({ n: count() })
    .from(invitations)
    .where(and(eq(invitations.orgId, orgId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now)));
  return (members?.n ?? 0) + (pending?.n ?? 0);
}

export async function membersCount(db: Queryable, orgId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(memberships).where(eq(memberships.orgId, orgId));
  return row?.n ?? 0;
}

/** Connected CRMs (removed connections keep their data but no longer count). */
export async function sourcesUsed(db: Queryable, orgId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(dataSources)
    .where(and(eq(dataSources.orgId, orgId), isNull(dataSources.disconnectedAt), inArray(dataSources.kind, crmSourceKinds)));
  return row?.n ?? 0;
}

/** Client organizations that still belong to the agency. */
export async function clientsUsed(db: Queryable, orgId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(organizations).where(eq(organizations.agencyOrgId, orgId));
  return row?.n ?? 0;
}

export function usageOf(db: Queryable, orgId: string, kind: LimitKind, now: Date = new Date()): Promise<number> {
  if (kind === "seats") return seatsUsed(db, orgId, now);
  if (kind === "sources") return sourcesUsed(db, orgId);
  return clientsUsed(db, orgId);
}

import { and, asc, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { memberships, users, type Role } from "@/db/schema";
import { syncSubscriptionQuantity } from "@/server/billing/quantity";
import { forbidden, invalid, notFound } from "@/server/errors";

export type Member = { userId: string; name: string | null; email: string; role: Role; joinedAt: Date };

/** Everyone in the organization, owners first (roles sort in their declared order), then by name. */
export function listMembers(db: Db, orgId: string): Promise<Member[]> {
  return db
    .select({ userId: users.id, name: users.name, email: users.email, role: memberships.role, joinedAt: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.orgId, orgId))
    .orderBy(asc(memberships.role), sql`coalesce(${users.name}, ${users.email})`);
}

/** Only an owner may make someone an owner or change what an owner is. */
function assertMayTouchOwners(actorRole: Role, ...roles: Role[]) {
  if (roles.includes("owner") && actorRole !== "owner") throw forbidden("org.members.onlyOwnerManagesOwners");
}

/**
 * Locks the org's owner rows (always in the same order, so two changes cannot deadlock) and then loads the
 * member by (orgId, userId): two owners demoting or removing each other at once cannot leave the org without one.
 */
async function loadForChange(tx: Tx, orgId: string, userId: string) {
  const owners = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.role, "owner")))
    .orderBy(asc(memberships.userId))
    .for("update");
  const [member] = await tx
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)))
    .for("update");
  if (!member) throw notFound("org.members.notFound");
  return { role: member.role, isLastOwner: member.role === "owner" && owners.length <= 1 };
}

export async function changeMemberRole(db: Db, orgId: string, change: { actorRole: Role; userId: string; role: Role }): Promise<void> {
  await db.transaction(async (tx) => {
    const target = await loadForChange(tx, orgId, change.userId);
    assertMayTouchOwners(change.actorRole, target.role, change.role);
    if (target.isLastOwner && change.role !== "owner") throw invalid({ role: "org.members.lastOwner" }, "org.members.lastOwner");
    await tx
      .update(memberships)
      .set({ role: change.role })
      .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, change.userId)));
  });
}

export async function removeMember(db: Db, orgId: string, removal: { actorRole: Role; userId: string }): Promise<void> {
  await db.transaction(async (tx) => {
    const target = await loadForChange(tx, orgId, removal.userId);
    assertMayTouchOwners(removal.actorRole, target.role);
    if (target.isLastOwner) throw invalid({}, "org.members.lastOwner");
    await tx.delete(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, removal.userId)));
  });
  await syncSubscriptionQuantity(db, orgId);
}

import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { memberships, organizations } from "@/db/schema";

/**
 * Where a signed-in person lands: the first of their own organizations by name. The demo company counts only
 * for the shared demo account, the one member who has nothing else; everyone else reaches it without a membership.
 * Null means they have no organization yet.
 */
export async function landingOrgSlug(db: Db, userId: string): Promise<string | null> {
  const [first] = await db
    .select({ slug: organizations.slug })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(organizations.isDemo), asc(organizations.name))
    .limit(1);
  return first?.slug ?? null;
}

import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";

/** The shared account behind "Explore the demo": a viewer of the demo company (made by the demo generator). */
export const DEMO_USER_EMAIL = "demo@salespulse.local";
export const DEMO_ORG_SLUG = "demo";

export async function findDemoUser(db: Db): Promise<{ id: string; email: string; name: string | null } | null> {
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(eq(users.email, DEMO_USER_EMAIL))
    .limit(1);
  return user ?? null;
}

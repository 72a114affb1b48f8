import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { memberships, organizations, users } from "@/db/schema";
import { DEMO_ORG_SLUG, DEMO_USER_EMAIL } from "@/server/auth/demo-user";
import { loadDemoDataset, organizationHasDeals, type LoadSummary } from "./load-dataset";

/** The demo company's data is the same for everyone: one fixed seed, the year ending when it is first loaded. */
export const DEMO_SEED = 20_240_917;
// Any constant works; it only has to be the same for every process that prepares the demo company.
const DEMO_LOCK = 727_002;

/**
 * Makes sure the public demo company exists: the organization "demo" (Northwind Furniture), the shared demo
 * account as its viewer, and a year of data ending at `now` when it has no deals yet. Safe to call on every
 * start and from several processes at once: the first one loads, in one transaction, while the others wait.
 */
export async function ensureDemoCompany(db: Db, now: Date = new Date()): Promise<{ orgId: string; loaded: LoadSummary | null }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${DEMO_LOCK})`);
    await tx
      .insert(organizations)
      .values({ name: "Northwind Furniture", slug: DEMO_ORG_SLUG, isDemo: true, currency: "USD", timeZone: "Europe/Kyiv", locale: "en" })
      .onConflictDoNothing({ target: organizations.slug });
    const [org] = await tx.select({ id: organizations.id, isDemo: organizations.isDemo }).from(organizations).where(eq(organizations.slug, DEMO_ORG_SLUG));
    if (!org?.isDemo) throw new Error(`The organization "${DEMO_ORG_SLUG}" exists but is not the demo company; demo data was not loaded.`);

    await tx.insert(users).values({ email: DEMO_USER_EMAIL, name: "Demo viewer" }).onConflictDoNothing({ target: users.email });
    const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.email, DEMO_USER_EMAIL));
    await tx.insert(memberships).values({ orgId: org.id, userId: user!.id, role: "viewer" }).onConflictDoNothing();

    const loaded = (await organizationHasDeals(tx, org.id)) ? null : await loadDemoDataset(tx, org.id, { seed: DEMO_SEED, scale: 1, now });
    return { orgId: org.id, loaded };
  });
}

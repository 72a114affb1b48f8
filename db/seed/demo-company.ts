import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { memberships, organizations, users } from "@/db/schema";
import { DEMO_ORG_SLUG, DEMO_USER_EMAIL } from "@/server/auth/demo-user";
import { rebuildRollups } from "@/server/kpi/rollups";
import type { DbOrTx } from "./bulk-upsert";
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

    const loaded = (await organizationHasDeals(tx, org.id)) ? null : await loadDemoData(tx, org.id, now);
    return { orgId: org.id, loaded };
  });
}

/**
 * Loads the demo year. Where the role may (a superuser: the embedded database of `npm run dev`, a local PostgreSQL),
 * with triggers off for this transaction and the KPI rollups rebuilt once after, set-based: on the embedded database
 * 4.8 s against 8.7 s with the rollups refreshed chunk by chunk. Elsewhere the triggers keep them, as on any write.
 */
async function loadDemoData(tx: DbOrTx, orgId: string, now: Date): Promise<LoadSummary> {
  const withoutTriggers = await tx
    .transaction(async (savepoint) => {
      await savepoint.execute(sql`set local session_replication_role = replica`);
      return true;
    })
    .catch(() => false);
  const loaded = await loadDemoDataset(tx, orgId, { seed: DEMO_SEED, scale: 1, now });
  if (withoutTriggers) {
    await tx.execute(sql`set local session_replication_role = origin`);
    await rebuildRollups(tx, orgId);
  }
  return loaded;
}

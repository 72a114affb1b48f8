import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { organizations } from "@/db/schema";
import { loadDemoDataset, organizationHasDeals } from "@/db/seed/load-dataset";
import { conflict } from "@/server/errors";

/** Sample data is the demo company's kind of year, from its own seed, so it does not mirror the demo org. */
export const SAMPLE_DATA_SEED = 7;

/**
 * Loads a year of sample data ending at `now` into an organization that has no deals yet, in one transaction.
 * Refuses (conflict) once the organization has deals, its own or sample ones.
 */
export async function loadSampleData(db: Db, orgId: string, now: Date): Promise<{ deals: number }> {
  return db.transaction(async (tx) => {
    // Two clicks at once: the second waits on the row lock, then sees the first one's deals.
    await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, orgId)).for("update");
    if (await organizationHasDeals(tx, orgId)) throw conflict("onboarding.sampleDataAlreadyLoaded");
    const { deals } = await loadDemoDataset(tx, orgId, { seed: SAMPLE_DATA_SEED, scale: 1, now });
    return { deals };
  });
}

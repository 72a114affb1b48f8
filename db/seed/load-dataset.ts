import { and, eq, sql } from "drizzle-orm";
import { dataSources, deals, organizations } from "@/db/schema";
import type { DbOrTx } from "./bulk-upsert";
import { createDataset } from "./dataset";
import { writeChunk } from "./write-chunk";
import { ensureDemoSource, writeDimensions } from "./write-dimensions";
import { writeExchangeRates, writeMarketing, writeQuotas } from "./write-series";

export type LoadOptions = {
  seed: number;
  scale: number;
  now: Date;
  /** Deals generated and written per round trip; memory grows with it, not with the scale. */
  chunkSize?: number;
  onProgress?: (progress: { deals: number; totalDeals: number; rows: number }) => void;
};

export type LoadSummary = { sourceId: number; deals: number; rows: number };

/**
 * Loads the demo company's data into an organization, in its currency and time zone. Every record is an upsert
 * keyed by (org, demo source, external id), so loading the same seed and `now` again changes nothing.
 */
export async function loadDemoDataset(db: DbOrTx, orgId: string, options: LoadOptions): Promise<LoadSummary> {
  const [org] = await db
    .select({ currency: organizations.currency, timeZone: organizations.timeZone })
    .from(organizations)
    .where(eq(organizations.id, orgId));
  if (!org) throw new Error(`Organization ${orgId} does not exist`);

  // Foreign-key checks keep the plans they made earlier on this connection; one made while the tables were tiny
  // (after a small load) would scan the whole table for every row of a big load. Replan them for this load.
  await db.execute(sql`discard plans`);
  const dataset = createDataset({ seed: options.seed, scale: options.scale, now: options.now, currency: org.currency, timeZone: org.timeZone });
  const sourceId = await ensureDemoSource(db, orgId, { seed: options.seed, scale: options.scale, now: options.now.toISOString() });
  const ids = await writeDimensions(db, orgId, sourceId, dataset.staffing);

  let rows = 0;
  let deals = 0;
  for (const chunk of dataset.deals.chunks(options.chunkSize ?? 5000)) {
    rows += await writeChunk(db, orgId, ids, chunk);
    deals += chunk.deals.length;
    options.onProgress?.({ deals, totalDeals: dataset.deals.count, rows });
  }
  rows += await writeMarketing(db, orgId, ids, dataset.marketing());
  rows += await writeExchangeRates(db, orgId, dataset.exchangeRates);
  rows += await writeQuotas(db, orgId, ids, dataset.quotas());
  await db
    .update(dataSources)
    .set({ lastSyncedAt: options.now })
    .where(and(eq(dataSources.orgId, orgId), eq(dataSources.id, sourceId)));
  return { sourceId, deals, rows };
}

/** Whether the organization has any deal yet (demo data is only loaded into an organization without). */
export async function organizationHasDeals(db: DbOrTx, orgId: string): Promise<boolean> {
  const [row] = await db.select({ id: deals.id }).from(deals).where(eq(deals.orgId, orgId)).limit(1);
  return Boolean(row);
}

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organizations } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { datasetDigest } from "./dataset-digest";
import { loadDemoDataset } from "./load-dataset";

const NOW = new Date("2026-03-15T10:30:00Z");

describe("loading the demo dataset", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  const createOrg = async (slug: string) =>
    (await testDb.db.insert(organizations).values({ name: slug, slug, timeZone: "Europe/Kyiv" }).returning())[0]!.id;
  const tableCounts = async (orgId: string) =>
    (
      await testDb.sql`
        select (select count(*) from deals where org_id = ${orgId})::int as deals,
               (select count(*) from deal_stage_events where org_id = ${orgId})::int as stage_events,
               (select count(*) from activities where org_id = ${orgId})::int as activities,
               (select count(*) from customers where org_id = ${orgId})::int as customers,
               (select count(*) from quotas where org_id = ${orgId})::int as quotas,
               (select count(*) from data_sources where org_id = ${orgId})::int as sources`
    )[0];

  let full = "";
  beforeAll(async () => {
    testDb = await createTestDatabase();
    full = await createOrg("full");
    await loadDemoDataset(testDb.db, full, { seed: 1, scale: 1, now: NOW });
  });
  afterAll(() => testDb.drop());

  it("changes nothing when the same seed and moment are loaded again", async () => {
    const before = { digest: await datasetDigest(testDb.sql, full), counts: await tableCounts(full) };
    await loadDemoDataset(testDb.db, full, { seed: 1, scale: 1, now: NOW });
    expect({ digest: await datasetDigest(testDb.sql, full), counts: await tableCounts(full) }).toEqual(before);
    expect(before.counts!.sources).toBe(1);
  });

  it("gives identical data for the same seed and moment, whatever the chunk size, and other data for another seed", async () => {
    const [small, large, other, untouched] = await Promise.all(["small", "large", "other", "untouched"].map(createOrg));
    await loadDemoDataset(testDb.db, small!, { seed: 1, scale: 0.1, now: NOW, chunkSize: 37 });
    await loadDemoDataset(testDb.db, large!, { seed: 1, scale: 0.1, now: NOW });
    await loadDemoDataset(testDb.db, other!, { seed: 2, scale: 0.1, now: NOW });

    const digest = await datasetDigest(testDb.sql, small!);
    expect(digest.lines).toBeGreaterThan(5000);
    expect(await datasetDigest(testDb.sql, large!)).toEqual(digest);
    expect((await datasetDigest(testDb.sql, other!)).digest).not.toBe(digest.digest);
    expect(await tableCounts(untouched!)).toEqual({ deals: 0, stage_events: 0, activities: 0, customers: 0, quotas: 0, sources: 0 });
  });

  it("reports progress chunk by chunk", async () => {
    const progress: number[] = [];
    await loadDemoDataset(testDb.db, await createOrg("progress"), { seed: 3, scale: 0.02, now: NOW, chunkSize: 40, onProgress: (p) => progress.push(p.deals) });
    expect(progress).toEqual([40, 80, 104]);
  });
});

import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customMetricValues, organizations } from "@/db/schema";
import { createCustomMetric } from "@/server/custom-metrics/custom-metrics";
import { createTestDatabase } from "@/test/db";
import { ingestBatch } from "./ingest-batch";

describe("ingesting custom metric values", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let orgId: string;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const [org] = await testDb.db.insert(organizations).values({ name: "Push Co", slug: "push-co", weekStart: 1 }).returning();
    orgId = org!.id;
    const fields = { unit: "count", direction: "up", aggregation: "sum" } as const;
    await createCustomMetric(testDb.db, orgId, { name: "Site visits", ...fields, granularity: "week" });
    await createCustomMetric(testDb.db, orgId, { name: "NPS", ...fields, granularity: "month" });
    // The rep the values name must be known to the push API source: pushing an activity creates it.
    await ingestBatch(testDb.db, orgId, "activities", [
      { externalId: "A1", type: "call", rep: { externalId: "R1", name: "Ann" }, createdAt: "2026-03-02T10:00:00Z" },
    ]);
  });
  afterAll(() => testDb.drop());

  const values = () =>
    testDb.db
      .select({ periodStart: customMetricValues.periodStart, value: customMetricValues.value, rep: customMetricValues.repId })
      .from(customMetricValues)
      .where(eq(customMetricValues.orgId, orgId))
      .orderBy(asc(customMetricValues.periodStart), asc(customMetricValues.repId));

  it("stores values for the org and for a known rep; refuses unknown metrics, reps and period starts by record", async () => {
    const result = await ingestBatch(testDb.db, orgId, "custom-metric-values", [
      { metric: "custom.site_visits", periodStart: "2026-03-02", value: 12 },
      { metric: "custom.site_visits", repExternalId: "R1", periodStart: "2026-03-02", value: 5 },
      { metric: "custom.nps", periodStart: "2026-03-01", value: 41.5 },
      { metric: "custom.unknown", periodStart: "2026-03-01", value: 1 },
      { metric: "custom.site_visits", repExternalId: "R9", periodStart: "2026-03-09", value: 1 },
      { metric: "custom.site_visits", periodStart: "2026-03-04", value: 1 },
      { metric: "site_visits", periodStart: "2026-03-02", value: 1 },
    ]);
    expect(result.created).toBe(3);
    expect(result.failed.map((f) => [f.index, f.errors.map((e) => e.message)])).toEqual([
      [3, ["apiKeys.record.unknownMetric"]],
      [4, ["apiKeys.record.unknownRep"]],
      [5, ["customMetrics.errors.periodStart.week"]],
      [6, ["apiKeys.record.customMetricKey"]],
    ]);
    expect((await values()).map((v) => [v.periodStart, v.value, v.rep === null ? "org" : "rep"])).toEqual([
      ["2026-03-01", 41.5, "org"],
      ["2026-03-02", 5, "rep"],
      ["2026-03-02", 12, "org"],
    ]);
  });

  it("changes nothing when the same values come again and updates a changed one", async () => {
    const again = await ingestBatch(testDb.db, orgId, "custom-metric-values", [
      { metric: "custom.site_visits", periodStart: "2026-03-02", value: 12 },
      { metric: "custom.nps", periodStart: "2026-03-01", value: 43 },
    ]);
    expect(again).toMatchObject({ created: 0, updated: 1, unchanged: 1, failed: [] });
    expect((await values()).find((v) => v.periodStart === "2026-03-01")!.value).toBe(43);
  });
});

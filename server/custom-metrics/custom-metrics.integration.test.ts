import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DomainError } from "@/server/errors";
import { createSalesOrg } from "@/server/kpi/test-fixtures";
import { createTestDatabase } from "@/test/db";
import { createCustomMetric, deleteCustomMetric, getCustomMetric, listCustomMetrics, updateCustomMetric } from "./custom-metrics";
import { saveCustomMetricValues } from "./save-values";
import { getValueGrid } from "./value-grid";

const MONDAY = 1;

describe("custom metrics", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let acme: Awaited<ReturnType<typeof createSalesOrg>>;
  let rival: Awaited<ReturnType<typeof createSalesOrg>>;
  let ann: number, bob: number, rivalRep: number;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    acme = await createSalesOrg(testDb.db, { slug: "acme", timeZone: "Europe/Kyiv", currency: "UAH" });
    rival = await createSalesOrg(testDb.db, { slug: "rival", timeZone: "Europe/Kyiv", currency: "UAH" });
    ann = await acme.addRep("Ann");
    bob = await acme.addRep("Bob");
    rivalRep = await rival.addRep("Rival");
  });
  afterAll(async () => testDb.drop());

  const fields = { unit: "count", direction: "up", aggregation: "sum", granularity: "month" } as const;

  it("creates a metric with a stable key, refuses a second one with the same key, keeps the key on rename", async () => {
    const metric = await createCustomMetric(testDb.db, acme.orgId, { name: "Site visits booked", ...fields });
    expect(metric.key).toBe("custom.site_visits_booked");
    await expect(createCustomMetric(testDb.db, acme.orgId, { name: "Site visits, booked", ...fields })).rejects.toMatchObject({
      messageKey: "customMetrics.errors.duplicate",
    });
    // Another org may use the same name.
    await createCustomMetric(testDb.db, rival.orgId, { name: "Site visits booked", ...fields });

    const renamed = await updateCustomMetric(testDb.db, acme.orgId, metric.id, { ...fields, name: "Site visits" });
    expect(renamed.key).toBe("custom.site_visits_booked");
    expect((await listCustomMetrics(testDb.db, acme.orgId)).map((m) => m.name)).toEqual(["Site visits"]);
  });

  it("does not reach another org's metric", async () => {
    const [theirs] = await listCustomMetrics(testDb.db, rival.orgId);
    await expect(getCustomMetric(testDb.db, acme.orgId, theirs!.id)).rejects.toBeInstanceOf(DomainError);
    await expect(deleteCustomMetric(testDb.db, acme.orgId, theirs!.id)).rejects.toBeInstanceOf(DomainError);
    expect(await listCustomMetrics(testDb.db, rival.orgId)).toHaveLength(1);
  });

  it("saves values per rep and for the org, overwrites, clears, and shows them in the year grid", async () => {
    const [metric] = await listCustomMetrics(testDb.db, acme.orgId);
    await saveCustomMetricValues(testDb.db, acme.orgId, metric!, MONDAY, [
      { repId: ann, periodStart: "2026-03-01", value: 4 },
      { repId: bob, periodStart: "2026-03-01", value: 7 },
      { repId: null, periodStart: "2026-03-01", value: 2 },
      { repId: ann, periodStart: "2026-04-01", value: 1 },
    ]);
    await saveCustomMetricValues(testDb.db, acme.orgId, metric!, MONDAY, [
      { repId: ann, periodStart: "2026-03-01", value: 5 },
      { repId: ann, periodStart: "2026-04-01", value: null },
    ]);
    const grid = await getValueGrid(testDb.db, acme.orgId, metric!, "2026-06-15", MONDAY);
    expect(grid.periodStarts).toHaveLength(12);
    expect(grid.periodStarts[2]).toBe("2026-03-01");
    expect(grid.rows.map((row) => [row.name, row.values[2], row.values[3]])).toEqual([
      [null, 2, null],
      ["Ann", 5, null],
      ["Bob", 7, null],
    ]);
  });

  it("refuses a period that does not start the metric's period, and another org's rep, writing nothing", async () => {
    const [metric] = await listCustomMetrics(testDb.db, acme.orgId);
    await expect(
      saveCustomMetricValues(testDb.db, acme.orgId, metric!, MONDAY, [
        { repId: ann, periodStart: "2026-05-01", value: 9 },
        { repId: ann, periodStart: "2026-05-02", value: 9 },
      ]),
    ).rejects.toMatchObject({ fieldErrors: { "cells.1.periodStart": "customMetrics.errors.periodStart.month" } });
    await expect(
      saveCustomMetricValues(testDb.db, acme.orgId, metric!, MONDAY, [
        { repId: ann, periodStart: "2026-05-01", value: 9 },
        { repId: rivalRep, periodStart: "2026-05-01", value: 9 },
      ]),
    ).rejects.toBeInstanceOf(DomainError);
    const grid = await getValueGrid(testDb.db, acme.orgId, metric!, "2026-05-01", MONDAY);
    expect(grid.rows.find((row) => row.repId === ann)!.values[4]).toBeNull();
  });

  it("lays weekly metrics out by the org's week start over a quarter, and daily ones over a month", async () => {
    const weekly = await createCustomMetric(testDb.db, acme.orgId, { name: "Demos", ...fields, granularity: "week" });
    const grid = await getValueGrid(testDb.db, acme.orgId, weekly, "2026-02-10", MONDAY);
    // Q1 2026: the week holding 1 January starts Monday 29 December; the last one starting in March is 30 March.
    expect(grid.periodStarts[0]).toBe("2025-12-29");
    expect(grid.periodStarts.at(-1)).toBe("2026-03-30");
    await expect(saveCustomMetricValues(testDb.db, acme.orgId, weekly, MONDAY, [{ repId: null, periodStart: "2026-02-10", value: 1 }])).rejects.toBeInstanceOf(DomainError);
    await saveCustomMetricValues(testDb.db, acme.orgId, weekly, MONDAY, [{ repId: null, periodStart: "2026-02-09", value: 3 }]);

    const daily = await createCustomMetric(testDb.db, acme.orgId, { name: "Calls logged by hand", ...fields, granularity: "day" });
    expect((await getValueGrid(testDb.db, acme.orgId, daily, "2026-02-10", MONDAY)).periodStarts).toHaveLength(28);
  });
});

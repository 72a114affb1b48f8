import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCustomMetric } from "@/server/custom-metrics/custom-metrics";
import { createSalesOrg } from "@/server/kpi/test-fixtures";
import { createTestDatabase } from "@/test/db";
import { getPlanGrid } from "./plan-grid";
import { planMetricOption, planMetricOptions } from "./plan-metric-options";
import { savePlanCells } from "./save-plan-cells";

describe("plans for custom metrics", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let acme: Awaited<ReturnType<typeof createSalesOrg>>;
  let rival: Awaited<ReturnType<typeof createSalesOrg>>;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    acme = await createSalesOrg(testDb.db, { slug: "acme", timeZone: "UTC", currency: "EUR" });
    rival = await createSalesOrg(testDb.db, { slug: "rival", timeZone: "UTC", currency: "EUR" });
    await createCustomMetric(testDb.db, acme.orgId, { name: "Deposits", unit: "money", direction: "up", aggregation: "sum", granularity: "month" });
    await createCustomMetric(testDb.db, rival.orgId, { name: "Site visits", unit: "count", direction: "up", aggregation: "sum", granularity: "week" });
  });
  afterAll(async () => testDb.drop());

  it("offers the catalog's plan metrics and the org's own custom metrics, money ones as money", async () => {
    const options = await planMetricOptions(testDb.db, acme.orgId);
    expect(options.map((o) => o.metric)).toEqual(["revenue_won", "deals_won", "meetings_held", "leads_qualified", "calls_made", "custom.deposits"]);
    expect(options.at(-1)).toEqual({ metric: "custom.deposits", customName: "Deposits", money: true });
  });

  it("refuses another org's custom metric", async () => {
    await expect(planMetricOption(testDb.db, acme.orgId, "custom.site_visits")).rejects.toMatchObject({ messageKey: "customMetrics.errors.notFound" });
  });

  it("stores and sums a custom metric's plan like a catalog metric's", async () => {
    const ann = await acme.addRep("Ann");
    const bob = await acme.addRep("Bob");
    await savePlanCells(testDb.db, acme.orgId, {
      metric: "custom.deposits",
      periodKind: "month",
      cells: [
        { scope: "rep", repId: ann, periodStart: "2026-05-01", target: 100 },
        { scope: "rep", repId: bob, periodStart: "2026-05-01", target: 250 },
      ],
    });
    const grid = await getPlanGrid(testDb.db, acme.orgId, { metric: "custom.deposits", periodKind: "month", year: 2026 });
    expect(grid.org[4]).toEqual({ periodStart: "2026-05-01", target: 350, source: "summed" });
    const revenue = await getPlanGrid(testDb.db, acme.orgId, { metric: "revenue_won", periodKind: "month", year: 2026 });
    expect(revenue.org[4]!.target).toBeNull();
  });
});

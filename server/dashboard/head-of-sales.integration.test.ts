import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/test/db";
import { getHeadOfSalesDashboard, type HeadOfSalesDashboard } from "./head-of-sales";
import { createSalesOrg } from "@/server/kpi/test-fixtures";
import type { Tile, TileId } from "./tiles";

const tileOf = (dashboard: HeadOfSalesDashboard, id: TileId): Tile => dashboard.tiles.find((t) => t.id === id)!;
const funnelCounts = (dashboard: HeadOfSalesDashboard) => Object.fromEntries(dashboard.funnel.steps.map((s) => [s.step, s.deals]));

describe("head-of-sales dashboard", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    testDb = await createTestDatabase();
  });
  afterAll(() => testDb.drop());

  /**
   * Moscow is UTC+3 all year. Asked on 20 March 2025 for this month: March = [2025-02-28T21:00Z, 2025-03-31T21:00Z),
   * compared with February = [2025-01-31T21:00Z, 2025-02-28T21:00Z). Org currency RUB.
   */
  describe("a month of deals in Moscow", () => {
    let dashboard: HeadOfSalesDashboard;
    const ids: Record<string, number> = {};

    beforeAll(async () => {
      const org = await createSalesOrg(testDb.db, { slug: "moscow", timeZone: "Europe/Moscow", currency: "RUB" });
      const east = await org.addTeam("East");
      const west = await org.addTeam("West");
      const anna = await org.addRep("Anna", [[east, "2024-01-01"]]);
      const boris = await org.addRep("Boris", [[east, "2024-01-01"]]);
      const vera = await org.addRep("Vera", [
        [east, "2024-01-01", "2025-03-10"],
        [west, "2025-03-10"],
      ]);
      await org.addRep("Gleb"); // no target, no deals: not in the plan/fact table
      const dina = await org.addRep("Dina"); // a target in April only: not in March's table
      Object.assign(ids, { anna, boris, vera });

      // D1 jumps from lead straight to won (skipped steps count as passed), then is fulfilled.
      await org.addDeal({
        createdAt: "2025-03-03T09:00:00Z",
        path: [["lead", "2025-03-03T09:00:00Z"], ["won", "2025-03-10T10:00:00Z"], ["fulfilled", "2025-03-12T10:00:00Z"]],
        status: "won", wonAt: "2025-03-10T10:00:00Z", amount: 100_000, owner: anna,
      });
      // D2 is won, then lost: it counts nowhere as won, though it did pass the earlier steps.
      await org.addDeal({
        createdAt: "2025-03-02T09:00:00Z",
        path: [["lead", "2025-03-02T09:00:00Z"], ["qualified", "2025-03-04T09:00:00Z"], ["won", "2025-03-12T09:00:00Z"], ["lost", "2025-03-15T09:00:00Z"]],
        status: "lost", wonAt: "2025-03-12T09:00:00Z", amount: 50_000, owner: boris,
      });
      // D3 is won, then reopened (back in negotiation): open, not won.
      await org.addDeal({
        createdAt: "2025-03-05T09:00:00Z",
        path: [
          ["lead", "2025-03-05T09:00:00Z"], ["qualified", "2025-03-06T09:00:00Z"], ["meeting_scheduled", "2025-03-07T09:00:00Z"],
          ["meeting_held", "2025-03-08T09:00:00Z"], ["won", "2025-03-11T10:00:00Z"], ["negotiation", "2025-03-13T09:00:00Z"],
        ],
        status: "open", wonAt: "2025-03-11T10:00:00Z", amount: 70_000, owner: vera,
      });
      // D4 at 23:55 on 28 February Moscow time (February), D5 at 00:05 on 1 March (March).
      await org.addDeal({ createdAt: "2025-02-28T20:55:00Z", path: [["lead", "2025-02-28T20:55:00Z"]], owner: anna });
      await org.addDeal({ createdAt: "2025-02-28T21:05:00Z", path: [["lead", "2025-02-28T21:05:00Z"]], owner: anna });
      // D6 in USD, won at 01:30 on 15 March Moscow time (still the 14th in UTC): converted at the 15 March rate, 95.
      await org.addDeal({
        createdAt: "2025-02-10T09:00:00Z",
        path: [["lead", "2025-02-10T09:00:00Z"], ["qualified", "2025-02-12T09:00:00Z"], ["proposal", "2025-02-20T09:00:00Z"], ["won", "2025-03-14T22:30:00Z"]],
        status: "won", wonAt: "2025-03-14T22:30:00Z", amount: 1_000, currency: "USD", owner: anna,
      });
      // D7 in EUR: the only EUR rate is dated after its won date, so it is excluded from revenue and reported.
      await org.addDeal({
        createdAt: "2025-03-01T09:00:00Z",
        path: [["lead", "2025-03-01T09:00:00Z"], ["won", "2025-03-18T09:00:00Z"]],
        status: "won", wonAt: "2025-03-18T09:00:00Z", amount: 500, currency: "EUR", owner: vera,
      });
      // D8 passed from Boris to Vera before the win and to Anna after it: Vera is credited.
      await org.addDeal({
        createdAt: "2025-02-20T09:00:00Z",
        path: [["lead", "2025-02-20T09:00:00Z"], ["qualified", "2025-02-25T09:00:00Z"], ["negotiation", "2025-03-05T09:00:00Z"], ["won", "2025-03-16T09:00:00Z"]],
        status: "won", wonAt: "2025-03-16T09:00:00Z", amount: 40_000, currency: "RUB", owner: anna,
        ownerChanges: [[boris, vera, "2025-03-01T09:00:00Z"], [vera, anna, "2025-03-17T09:00:00Z"]],
      });
      // D9 is won without an amount: counted as won, adds nothing to revenue, reported.
      await org.addDeal({
        createdAt: "2025-03-06T09:00:00Z",
        path: [["lead", "2025-03-06T09:00:00Z"], ["qualified", "2025-03-07T09:00:00Z"], ["won", "2025-03-19T09:00:00Z"]],
        status: "won", wonAt: "2025-03-19T09:00:00Z", owner: boris,
      });
      // D10 goes through an unmapped stage to lost: a lead and nothing more.
      await org.addDeal({
        createdAt: "2025-03-08T09:00:00Z",
        path: [["lead", "2025-03-08T09:00:00Z"], ["unmapped", "2025-03-09T09:00:00Z"], ["lost", "2025-03-10T09:00:00Z"]],
        status: "lost", owner: boris,
      });
      // D11 was created and worked in February and won in March.
      await org.addDeal({
        createdAt: "2025-02-03T09:00:00Z",
        path: [
          ["lead", "2025-02-03T09:00:00Z"], ["qualified", "2025-02-04T09:00:00Z"], ["meeting_scheduled", "2025-02-05T09:00:00Z"],
          ["meeting_held", "2025-02-06T09:00:00Z"], ["proposal", "2025-02-07T09:00:00Z"], ["won", "2025-03-03T09:00:00Z"],
        ],
        status: "won", wonAt: "2025-03-03T09:00:00Z", amount: 30_000, owner: anna,
      });
      // D12 won at 00:30 on 1 January Moscow time (still 31 December in UTC): January revenue.
      await org.addDeal({
        createdAt: "2024-12-15T09:00:00Z",
        path: [["lead", "2024-12-15T09:00:00Z"], ["won", "2024-12-31T21:30:00Z"]],
        status: "won", wonAt: "2024-12-31T21:30:00Z", amount: 20_000, owner: boris,
      });

      await org.addRate("USD", "2025-03-01", 90);
      await org.addRate("USD", "2025-03-14", 92.5);
      await org.addRate("USD", "2025-03-15", 95);
      await org.addRate("EUR", "2025-03-19", 100);

      await org.addQuotas([
        // January: team targets only (East 100 000 + West 60 000); the rep target is not used beside them.
        { scope: "team", teamId: east, periodStart: "2025-01-01", target: 100_000 },
        { scope: "team", teamId: west, periodStart: "2025-01-01", target: 60_000 },
        { scope: "rep", repId: anna, periodStart: "2025-01-01", target: 10 },
        // February: the org target (200 000) wins over team and rep targets.
        { scope: "org", periodStart: "2025-02-01", target: 200_000 },
        { scope: "team", teamId: east, periodStart: "2025-02-01", target: 150_000 },
        { scope: "rep", repId: anna, periodStart: "2025-02-01", target: 80_000 },
        { scope: "rep", repId: boris, periodStart: "2025-02-01", target: 80_000 },
        // March: rep targets only, summed: 150 000 + 100 000 + 50 000 = 300 000.
        { scope: "rep", repId: anna, periodStart: "2025-03-01", target: 150_000 },
        { scope: "rep", repId: boris, periodStart: "2025-03-01", target: 100_000 },
        { scope: "rep", repId: vera, periodStart: "2025-03-01", target: 50_000 },
        { scope: "rep", repId: dina, periodStart: "2025-04-01", target: 70_000 },
        // Another metric's quota does not count as a revenue target.
        { scope: "org", periodStart: "2025-03-01", target: 9, metric: "deals_won" },
      ]);

      dashboard = await getHeadOfSalesDashboard(testDb.db, org.orgId, { period: "this_month" }, new Date("2025-03-20T12:00:00Z"));
    });

    it("resolves March and February in the org's calendar", () => {
      expect(dashboard.period).toEqual({
        preset: "this_month",
        current: { from: "2025-03-01", to: "2025-04-01" },
        previous: { from: "2025-02-01", to: "2025-03-01" },
      });
      expect(dashboard.hasDeals).toBe(true);
      expect(dashboard.currency).toBe("RUB");
    });

    it("counts leads by creation in local time, a few minutes either side of midnight", () => {
      // March: D1, D2, D3, D5 (00:05 on 1 March), D7, D9, D10. February: D4 (23:55 on 28 February), D6, D8, D11.
      expect(tileOf(dashboard, "leads_created")).toMatchObject({ value: 7, previous: 4, change: { absolute: 3, percent: 0.75 } });
    });

    it("counts deals by the first time they reached qualified and meeting held, skipped steps included", () => {
      // Qualified in March: D1 (jump to won on the 10th), D2, D3, D7 (jump to won), D9. In February: D6, D8, D11.
      const qualified = tileOf(dashboard, "leads_qualified");
      expect(qualified).toMatchObject({ value: 5, previous: 3, change: { absolute: 2 } });
      expect(qualified.change.percent).toBeCloseTo(2 / 3, 10);
      // Meeting held (or any later step) first in March: D1, D2 (won before it was lost), D3, D7, D8 (negotiation), D9.
      // In February: D6 (proposal), D11.
      expect(tileOf(dashboard, "meetings_held")).toMatchObject({ value: 6, previous: 2, change: { absolute: 4, percent: 2 } });
    });

    it("counts won deals by final status, and has no percent change from a previous 0", () => {
      // D1, D6, D7, D8, D9, D11; not D2 (lost after winning) nor D3 (reopened). None in February.
      expect(tileOf(dashboard, "deals_won")).toMatchObject({ value: 6, previous: 0, change: { absolute: 6, percent: null } });
    });

    it("sums revenue in the org currency, converting at the local won date's rate and reporting what was left out", () => {
      // D1 100 000 + D6 1 000 USD × 95 + D8 40 000 + D11 30 000; D7 (EUR, no rate yet) and D9 (no amount) add nothing.
      expect(tileOf(dashboard, "revenue_won")).toMatchObject({
        value: 265_000,
        previous: 0,
        change: { absolute: 265_000, percent: null },
        excludedNoRate: 1,
        withoutAmount: 1,
      });
    });

    it("measures plan attainment against the summed rep targets, and February's against the org target", () => {
      const attainment = tileOf(dashboard, "plan_attainment");
      expect(attainment.value).toBeCloseTo(265_000 / 300_000, 10);
      expect(attainment.previous).toBe(0); // nothing won against February's 200 000
      expect(attainment.change.percent).toBeNull();
      expect(attainment.needsData).toBeUndefined();
    });

    it("shows the funnel of deals created in March with conversions", () => {
      // Cohort: D1, D2, D3, D5, D7, D9, D10. D1, D2, D3, D7, D9 got past lead; D2 and D3 reached won in history but
      // are lost or reopened, so only D1, D7 and D9 are won; D1 was fulfilled.
      expect(funnelCounts(dashboard)).toEqual({
        lead: 7, qualified: 5, meeting_scheduled: 5, meeting_held: 5, proposal: 5, won: 3, fulfilled: 1,
      });
      const [lead, qualified, , , , won, fulfilled] = dashboard.funnel.steps;
      expect(lead).toMatchObject({ fromPrevious: null, fromLead: null });
      expect(qualified!.fromLead).toBeCloseTo(5 / 7, 10);
      expect(won).toMatchObject({ fromPrevious: 0.6 });
      expect(won!.fromLead).toBeCloseTo(3 / 7, 10);
      expect(fulfilled!.fromPrevious).toBeCloseTo(1 / 3, 10);
      expect(dashboard.funnel.maturing).toBe(true);
    });

    it("charts revenue per local month for the 12 months ending in March, beside each month's target", () => {
      expect(dashboard.revenueByMonth.map((m) => m.month)).toEqual([
        "2024-04-01", "2024-05-01", "2024-06-01", "2024-07-01", "2024-08-01", "2024-09-01",
        "2024-10-01", "2024-11-01", "2024-12-01", "2025-01-01", "2025-02-01", "2025-03-01",
      ]);
      expect(dashboard.revenueByMonth.slice(0, 9).every((m) => m.revenue === 0 && m.target === null)).toBe(true);
      expect(dashboard.revenueByMonth.slice(9)).toEqual([
        { month: "2025-01-01", revenue: 20_000, target: 160_000 },
        { month: "2025-02-01", revenue: 0, target: 200_000 },
        { month: "2025-03-01", revenue: 265_000, target: 300_000 },
      ]);
    });

    it("credits each rep with the deals they owned when they were won, best attainment first", () => {
      // Anna: D1 100 000 + D6 95 000 + D11 30 000. Vera: D7 (no rate) + D8 40 000 (hers at the win). Boris: D9 (no amount).
      expect(dashboard.planFact).toEqual([
        { repId: ids.anna, name: "Anna", team: "East", target: 150_000, revenue: 225_000, attainment: 1.5, remaining: 0, dealsWon: 3 },
        { repId: ids.vera, name: "Vera", team: "West", target: 50_000, revenue: 40_000, attainment: 0.8, remaining: 10_000, dealsWon: 2 },
        { repId: ids.boris, name: "Boris", team: "East", target: 100_000, revenue: 0, attainment: 0, remaining: 100_000, dealsWon: 1 },
      ]);
    });
  });

  /** A company whose deals all date from January 2025 (Moscow time, RUB), asked in June. */
  describe("a quiet company", () => {
    let org: Awaited<ReturnType<typeof createSalesOrg>>;
    const now = new Date("2025-06-20T12:00:00Z");

    beforeAll(async () => {
      org = await createSalesOrg(testDb.db, { slug: "quiet", timeZone: "Europe/Moscow", currency: "RUB" });
      const rep = await org.addRep("Pavel");
      // Q1 jumps to won; Q2 is qualified 98 days after creation (outside the 90-day window), Q3 after 85 days.
      await org.addDeal({
        createdAt: "2025-01-10T09:00:00Z",
        path: [["lead", "2025-01-10T09:00:00Z"], ["won", "2025-01-20T09:00:00Z"]],
        status: "won", wonAt: "2025-01-20T09:00:00Z", amount: 1_000, owner: rep,
      });
      await org.addDeal({ createdAt: "2025-01-12T09:00:00Z", path: [["lead", "2025-01-12T09:00:00Z"], ["qualified", "2025-04-20T09:00:00Z"]], owner: rep });
      await org.addDeal({ createdAt: "2025-01-15T09:00:00Z", path: [["lead", "2025-01-15T09:00:00Z"], ["qualified", "2025-04-10T09:00:00Z"]], owner: rep });
    });

    it("shows an empty period as zeros with no percent change, and attainment as needing a plan", async () => {
      const dashboard = await getHeadOfSalesDashboard(testDb.db, org.orgId, { period: "this_month" }, now);
      expect(dashboard.hasDeals).toBe(true);
      for (const id of ["leads_created", "leads_qualified", "meetings_held", "deals_won", "revenue_won"] as const) {
        expect(tileOf(dashboard, id), id).toMatchObject({ value: 0, previous: 0, change: { absolute: 0, percent: null } });
      }
      expect(tileOf(dashboard, "revenue_won")).toMatchObject({ excludedNoRate: 0, withoutAmount: 0 });
      expect(tileOf(dashboard, "plan_attainment")).toMatchObject({
        value: null, previous: null, change: { absolute: null, percent: null }, needsData: "plan",
      });
      expect(dashboard.funnel.steps.every((s) => s.deals === 0 && s.fromPrevious === null && s.fromLead === null)).toBe(true);
      expect(dashboard.planFact).toEqual([]);
      expect(dashboard.revenueByMonth.filter((m) => m.revenue !== 0)).toEqual([{ month: "2025-01-01", revenue: 1_000, target: null }]);
    });

    it("counts a cohort's steps only within 90 days of creation, and a closed window is not maturing", async () => {
      const dashboard = await getHeadOfSalesDashboard(testDb.db, org.orgId, { period: "custom", from: "2025-01-01", to: "2025-01-31" }, now);
      expect(funnelCounts(dashboard)).toMatchObject({ lead: 3, qualified: 2, won: 1 });
      expect(dashboard.funnel.maturing).toBe(false);
      // The same 31 days before: 1–31 December 2024.
      expect(dashboard.period.previous).toEqual({ from: "2024-12-01", to: "2025-01-01" });
      expect(tileOf(dashboard, "leads_created")).toMatchObject({ value: 3, previous: 0 });
    });

    it("says an organization without deals has none", async () => {
      const empty = await createSalesOrg(testDb.db, { slug: "empty", timeZone: "UTC", currency: "EUR" });
      const dashboard = await getHeadOfSalesDashboard(testDb.db, empty.orgId, { period: "this_month" }, now);
      expect(dashboard.hasDeals).toBe(false);
    });
  });
});

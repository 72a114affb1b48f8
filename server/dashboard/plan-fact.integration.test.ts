import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolvePeriod } from "@/lib/periods";
import { loadOrgSettings } from "@/server/kpi/org-settings";
import { createSalesOrg } from "@/server/kpi/test-fixtures";
import { createTestDatabase } from "@/test/db";
import { loadPlanFact, type RepPlanFact } from "./plan-fact";

describe("plan vs. actual per manager", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    testDb = await createTestDatabase();
  });
  afterAll(() => testDb.drop());

  const planFactOf = async (orgId: string, now: Date) => {
    const org = await loadOrgSettings(testDb.db, orgId);
    return loadPlanFact(testDb.db, org, resolvePeriod({ period: "this_month" }, org.timeZone, now).current, now);
  };

  /** Moscow is UTC+3 all year; asked on 20 March 2025 for this month. Org currency RUB. */
  describe("a month of deals in Moscow", () => {
    let planFact: RepPlanFact[];
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
      Object.assign(ids, { anna, boris, vera, east, west });

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

      planFact = await planFactOf(org.orgId, new Date("2025-03-20T12:00:00Z"));
    });

    it("credits each rep with the deals they owned when they were won, best attainment first", () => {
      // Anna: D1 100 000 + D6 95 000 + D11 30 000. Vera: D7 (no rate) + D8 40 000 (hers at the win). Boris: D9 (no amount).
      expect(planFact).toEqual([
        { repId: ids.anna, name: "Anna", teamId: ids.east, team: "East", target: 150_000, revenue: 225_000, attainment: 1.5, remaining: 0, dealsWon: 3 },
        { repId: ids.vera, name: "Vera", teamId: ids.west, team: "West", target: 50_000, revenue: 40_000, attainment: 0.8, remaining: 10_000, dealsWon: 2 },
        { repId: ids.boris, name: "Boris", teamId: ids.east, team: "East", target: 100_000, revenue: 0, attainment: 0, remaining: 100_000, dealsWon: 1 },
      ]);
    });
  });

  it("is empty for a company without targets or won deals in the period", async () => {
    const quiet = await createSalesOrg(testDb.db, { slug: "quiet", timeZone: "Europe/Moscow", currency: "RUB" });
    const rep = await quiet.addRep("Pavel");
    await quiet.addDeal({
      createdAt: "2025-01-10T09:00:00Z",
      path: [["lead", "2025-01-10T09:00:00Z"], ["won", "2025-01-20T09:00:00Z"]],
      status: "won", wonAt: "2025-01-20T09:00:00Z", amount: 1_000, owner: rep,
    });
    expect(await planFactOf(quiet.orgId, new Date("2025-06-20T12:00:00Z"))).toEqual([]);
  });
});

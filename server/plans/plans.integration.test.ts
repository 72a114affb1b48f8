import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DomainError } from "@/server/errors";
import { createSalesOrg } from "@/server/kpi/test-fixtures";
import { createTestDatabase } from "@/test/db";
import { getPlanGrid } from "./plan-grid";
import { ZPlanTarget } from "./plan-input";
import { savePlanCells } from "./save-plan-cells";

describe("plans grid", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let acme: Awaited<ReturnType<typeof createSalesOrg>>;
  let rival: Awaited<ReturnType<typeof createSalesOrg>>;
  let north: number, south: number, ann: number, bob: number, cid: number, rivalRep: number;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    acme = await createSalesOrg(testDb.db, { slug: "acme", timeZone: "Europe/Kyiv", currency: "UAH" });
    rival = await createSalesOrg(testDb.db, { slug: "rival", timeZone: "Europe/Kyiv", currency: "UAH" });
    north = await acme.addTeam("North");
    south = await acme.addTeam("South");
    ann = await acme.addRep("Ann", [[north, "2025-01-01"]]);
    bob = await acme.addRep("Bob", [[north, "2025-01-01"]]);
    cid = await acme.addRep("Cid", [[south, "2026-02-01"]]);
    rivalRep = await rival.addRep("Rival");
  });
  afterAll(async () => testDb.drop());

  const grid = () => getPlanGrid(testDb.db, acme.orgId, { metric: "revenue_won", periodKind: "month", year: 2026 });

  it("shows reps by team with empty cells before any plan", async () => {
    const result = await grid();
    expect(result.periodStarts).toHaveLength(12);
    expect(result.teams.map((t) => [t.name, t.reps.map((r) => r.name)])).toEqual([
      ["North", ["Ann", "Bob"]],
      ["South", ["Cid"]],
    ]);
    expect(result.org.every((cell) => cell.target === null && cell.source === null)).toBe(true);
  });

  it("saves rep targets; team and org cells are their members' sums until set explicitly", async () => {
    await savePlanCells(testDb.db, acme.orgId, {
      metric: "revenue_won",
      periodKind: "month",
      cells: [
        { scope: "rep", repId: ann, periodStart: "2026-03-01", target: 1000.5 },
        { scope: "rep", repId: bob, periodStart: "2026-03-01", target: 2000 },
        { scope: "rep", repId: cid, periodStart: "2026-03-01", target: 0 },
        { scope: "team", teamId: south, periodStart: "2026-04-01", target: 700 },
      ],
    });
    let result = await grid();
    const [northRow, southRow] = result.teams;
    expect(northRow!.cells[2]).toEqual({ periodStart: "2026-03-01", target: 3000.5, source: "summed" });
    expect(southRow!.cells[2]).toEqual({ periodStart: "2026-03-01", target: 0, source: "summed" });
    expect(southRow!.cells[3]).toEqual({ periodStart: "2026-04-01", target: 700, source: "explicit" });
    expect(result.org[2]).toEqual({ periodStart: "2026-03-01", target: 3000.5, source: "summed" });
    expect(result.org[3]).toEqual({ periodStart: "2026-04-01", target: 700, source: "summed" });

    await savePlanCells(testDb.db, acme.orgId, {
      metric: "revenue_won",
      periodKind: "month",
      cells: [
        { scope: "rep", repId: ann, periodStart: "2026-03-01", target: 1500 },
        { scope: "rep", repId: bob, periodStart: "2026-03-01", target: null },
        { scope: "org", periodStart: "2026-03-01", target: 5000 },
      ],
    });
    result = await grid();
    expect(result.teams[0]!.reps.map((r) => r.cells[2]!.target)).toEqual([1500, null]);
    expect(result.teams[0]!.cells[2]!.target).toBe(1500);
    expect(result.org[2]).toEqual({ periodStart: "2026-03-01", target: 5000, source: "explicit" });
  });

  it("counts a rep who changes teams mid-year toward the team they were in at each month's start, as the engine does", async () => {
    // Dan: North from 2025, South from 1 June 2026 (listed under South, his latest team); Eve joins North on 1 March.
    const dan = await acme.addRep("Dan", [[north, "2025-01-01", "2026-06-01"], [south, "2026-06-01"]]);
    const eve = await acme.addRep("Eve", [[north, "2026-03-01"]]);
    const target = (repId: number, periodStart: string, value: number) => ({ scope: "rep" as const, repId, periodStart, target: value });
    await savePlanCells(testDb.db, acme.orgId, {
      metric: "leads_created",
      periodKind: "month",
      cells: [target(dan, "2026-05-01", 10), target(dan, "2026-06-01", 20), target(eve, "2026-02-01", 4), target(eve, "2026-03-01", 5)],
    });
    const result = await getPlanGrid(testDb.db, acme.orgId, { metric: "leads_created", periodKind: "month", year: 2026 });
    const row = (name: string | null) => result.teams.find((t) => t.name === name)!;
    expect(row("South").reps.map((r) => r.name)).toEqual(["Cid", "Dan"]);
    const month = (name: string | null, i: number) => row(name).cells[i]!.target;
    // May: Dan's 10 in North; June: his 20 in South. February: Eve had no team yet (the no-team row); March: North.
    expect([month("North", 4), month("South", 4), month("North", 5), month("South", 5)]).toEqual([10, null, null, 20]);
    expect([month(null, 1), month("North", 1), month("North", 2)]).toEqual([4, null, 5]);
    expect(result.org.slice(1, 6).map((c) => c.target)).toEqual([4, 5, null, 10, 20]);
  });

  it("keeps plans of other metrics and period kinds apart", async () => {
    const deals = await getPlanGrid(testDb.db, acme.orgId, { metric: "deals_won", periodKind: "month", year: 2026 });
    expect(deals.org.every((cell) => cell.target === null)).toBe(true);
    const quarters = await getPlanGrid(testDb.db, acme.orgId, { metric: "revenue_won", periodKind: "quarter", year: 2026 });
    expect(quarters.periodStarts).toEqual(["2026-01-01", "2026-04-01", "2026-07-01", "2026-10-01"]);
    expect(quarters.org.every((cell) => cell.target === null)).toBe(true);
  });

  it("refuses another organization's rep and writes nothing", async () => {
    const error = await savePlanCells(testDb.db, acme.orgId, {
      metric: "revenue_won",
      periodKind: "month",
      cells: [
        { scope: "rep", repId: ann, periodStart: "2026-05-01", target: 10 },
        { scope: "rep", repId: rivalRep, periodStart: "2026-05-01", target: 10 },
      ],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).kind).toBe("not_found");
    expect((await grid()).teams[0]!.reps[0]!.cells[4]!.target).toBeNull();
  });

  it("refuses a period start that is not a month's first day, and a scope without its id", async () => {
    const error = (await savePlanCells(testDb.db, acme.orgId, {
      metric: "revenue_won",
      periodKind: "quarter",
      cells: [
        { scope: "rep", repId: ann, periodStart: "2026-02-01", target: 10 },
        { scope: "team", periodStart: "2026-04-01", target: 10 },
      ],
    }).catch((e: unknown) => e)) as DomainError;
    expect(error.fieldErrors).toEqual({ "cells.0.periodStart": "plans.errors.periodStart", "cells.1.scope": "plans.errors.scope" });
  });

  it("accepts targets of at most two decimals, not below zero", () => {
    expect(ZPlanTarget.safeParse(12.34).success).toBe(true);
    expect(ZPlanTarget.safeParse(0.1 + 0.2).success).toBe(true);
    expect(ZPlanTarget.safeParse(12.345).success).toBe(false);
    expect(ZPlanTarget.safeParse(-1).success).toBe(false);
  });
});

import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organizations, quotas, reps, teamMemberships, teams } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { revenueTargets } from "./revenue-targets";

describe("revenue targets", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let orgId: string;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const { db } = testDb;
    const [org] = await db.insert(organizations).values({ name: "Targets", slug: "targets" }).returning();
    orgId = org!.id;
    const [north, south] = await db.insert(teams).values([{ orgId, name: "North" }, { orgId, name: "South" }]).returning();
    const [ann, bob, cid, dan, eve] = await db
      .insert(reps)
      .values(["Ann", "Bob", "Cid", "Dan", "Eve"].map((name) => ({ orgId, name })))
      .returning();
    await db.insert(teamMemberships).values([
      { orgId, teamId: north!.id, repId: ann!.id, validFrom: "2026-01-01" },
      { orgId, teamId: north!.id, repId: bob!.id, validFrom: "2026-01-01" },
      { orgId, teamId: south!.id, repId: cid!.id, validFrom: "2026-01-01" },
      // Dan joins South mid-March: in March he is in no team, from April in South.
      { orgId, teamId: south!.id, repId: dan!.id, validFrom: "2026-03-15" },
    ]);
    const rep = (repId: number, periodStart: string, target: number) =>
      ({ orgId, metric: "revenue_won", scope: "rep", repId, periodKind: "month", periodStart, target }) as const;
    await db.insert(quotas).values([
      // March: North has its own 100 (its reps' 30 + 30 do not add), South sums Cid 50, Dan (no team yet) 20, Eve (no team) 5.
      { orgId, metric: "revenue_won", scope: "team", teamId: north!.id, periodKind: "month", periodStart: "2026-03-01", target: 100 },
      rep(ann!.id, "2026-03-01", 30),
      rep(bob!.id, "2026-03-01", 30),
      rep(cid!.id, "2026-03-01", 50),
      rep(dan!.id, "2026-03-01", 20),
      rep(eve!.id, "2026-03-01", 5),
      // April: an org target of 500 wins over everything below it.
      { orgId, metric: "revenue_won", scope: "org", periodKind: "month", periodStart: "2026-04-01", target: 500 },
      rep(ann!.id, "2026-04-01", 40),
      // May: reps only, summed: 10 + 15.
      rep(cid!.id, "2026-05-01", 10),
      rep(dan!.id, "2026-05-01", 15),
      // Another metric never counts.
      { orgId, metric: "deals_won", scope: "org", periodKind: "month", periodStart: "2026-05-01", target: 9 },
    ]);
  });
  afterAll(() => testDb.drop());

  it("adds up like the plans grid: org, else each team's own target or its reps' sum, plus reps in no team", async () => {
    const rows = await testDb.db.execute<{ period_start: string; target: string }>(
      sql`select period_start::text, target::text from (${revenueTargets(orgId, "2026-03-01", "2026-06-01")}) t order by 1`,
    );
    const list = Array.isArray(rows) ? rows : (rows as { rows: typeof rows }).rows;
    expect(list.map((r) => [r.period_start, Number(r.target)])).toEqual([
      ["2026-03-01", 175], // 100 (North) + 50 (Cid) + 20 (Dan, no team yet) + 5 (Eve)
      ["2026-04-01", 500],
      ["2026-05-01", 25],
    ]);
  });
});

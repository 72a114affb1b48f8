import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { openPipelineLoader } from "./open-pipeline";
import type { OrgSettings } from "./org-settings";

const org = { id: "org-1" } as OrgSettings;
const current = { label: "current", from: "2026-11-01", to: "2026-12-01", at: new Date("2026-11-26T12:00:00Z") } as const;
const comparison = { label: "comparison", from: "2026-10-01", to: "2026-11-01", at: new Date("2026-09-30T21:00:00Z") } as const;

/** A database whose every statement answers one total row for the label its bounds name, counting the statements. */
function countingDb() {
  const statements: string[] = [];
  const db = {
    execute: async (query: { queryChunks: unknown[] }) => {
      const params = JSON.stringify(query);
      if (params.includes("enable_sort")) return [];
      const label = params.includes('"comparison"') ? "comparison" : "current";
      statements.push(label);
      return [{ org_id: org.id, label, grp: null, is_total: true, expected_value: label === "current" ? 500 : 300, all_value: 900, n: 7, no_close_date: 1, no_rate: 0, without_amount: 2 }];
    },
    transaction: async (run: (tx: unknown) => Promise<unknown>) => run(db),
  } as unknown as Db;
  return { db, statements };
}

describe("openPipelineLoader", () => {
  it("runs one statement per period and reuses the current snapshot that sales_velocity asks for again", async () => {
    const { db, statements } = countingDb();
    const load = openPipelineLoader(db);
    const [coverage, velocity] = await Promise.all([
      load([{ org, ranges: [current, comparison] }], { breakdown: "rep" }),
      load([{ org, ranges: [current] }], { breakdown: "rep" }),
    ]);
    expect(statements.sort()).toEqual(["comparison", "current"]);
    expect(coverage.get(org.id)!.get("current")!.get(null)).toMatchObject({ expected: 500, n: 7, withoutAmount: 2 });
    expect(coverage.get(org.id)!.get("comparison")!.get(null)).toMatchObject({ expected: 300 });
    expect(velocity.get(org.id)!.get("current")!.get(null)).toMatchObject({ expected: 500, n: 7 });
    expect(velocity.get(org.id)!.has("comparison")).toBe(false);
  });

  it("computes again for other filters or another grouping, but not for a breakdown the snapshot has no rows for", async () => {
    const { db, statements } = countingDb();
    const load = openPipelineLoader(db);
    await load([{ org, ranges: [current] }], { breakdown: "rep" });
    await load([{ org, ranges: [current] }], { breakdown: "team" });
    await load([{ org, ranges: [current] }], { breakdown: "rep", filters: { repIds: [3] } });
    await load([{ org, ranges: [current] }], { breakdown: "pipeline" });
    await load([{ org, ranges: [current] }], {});
    expect(statements).toHaveLength(4);
  });
});

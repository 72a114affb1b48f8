import type { Db } from "@/db/client";
import type { OrgSettings } from "./org-settings";
import type { MetricRequest } from "./request";
import { executeHashed } from "./hashed-statement";
import { coverageQuery, type CoverageRange } from "./sql/coverage";

/** Open qualified pipeline per period label and group (null = the total), from coverageQuery. */
export type CoverageStats = Map<string, Map<string | null, { expected: number; all: number; n: number; noCloseDate: number; noRate: number; withoutAmount: number }>>;

/** Open qualified deals at each org's range moments, per label and group, by org id. */
export type OpenPipelineLoader = (
  orgs: { org: OrgSettings; ranges: CoverageRange[] }[],
  request: Pick<MetricRequest, "filters" | "breakdown">,
) => Promise<Map<string, CoverageStats>>;

type Row = { org_id: string; label: string; grp: string | null; is_total: boolean; expected_value: number; all_value: number; n: number; no_close_date: number; no_rate: number; without_amount: number };

/**
 * The open qualified pipeline for one computation: one statement per range label (for every org of the set), run in
 * parallel, and each run once however many metrics ask for it: pipeline_coverage's current period and
 * sales_velocity take the same snapshot (now), which was computed twice.
 */
export function openPipelineLoader(db: Db): OpenPipelineLoader {
  const statements = new Map<string, Promise<Row[]>>();
  const rowsOf = (orgs: { org: OrgSettings; ranges: CoverageRange[] }[], request: Pick<MetricRequest, "filters" | "breakdown">) => {
    const breakdown = request.breakdown === "rep" || request.breakdown === "team" ? request.breakdown : undefined;
    const key = JSON.stringify({ orgs: orgs.map(({ org, ranges }) => [org.id, ranges]), filters: request.filters ?? null, breakdown: breakdown ?? null });
    let rows = statements.get(key);
    if (!rows) {
      rows = executeHashed<Row>(db, coverageQuery({ orgs, filters: request.filters, breakdown }));
      statements.set(key, rows);
    }
    return rows;
  };
  return async (orgs, request) => {
    const labels = [...new Set(orgs.flatMap(({ ranges }) => ranges.map((range) => range.label)))];
    const perLabel = await Promise.all(
      labels.map((label) =>
        rowsOf(
          orgs.map(({ org, ranges }) => ({ org, ranges: ranges.filter((range) => range.label === label) })).filter(({ ranges }) => ranges.length > 0),
          request,
        ),
      ),
    );
    const byOrg = new Map(orgs.map(({ org }): [string, CoverageStats] => [org.id, new Map()]));
    for (const row of perLabel.flat()) {
      const stats = byOrg.get(row.org_id)!;
      const byGroup = stats.get(row.label) ?? new Map();
      stats.set(row.label, byGroup);
      byGroup.set(row.is_total ? null : (row.grp ?? ""), {
        expected: row.expected_value, all: row.all_value, n: row.n, noCloseDate: row.no_close_date, noRate: row.no_rate, withoutAmount: row.without_amount,
      });
    }
    return byOrg;
  };
}

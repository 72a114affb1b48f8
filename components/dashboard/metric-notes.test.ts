import { describe, expect, it } from "vitest";
import type { MetricResult } from "@/server/kpi/results";
import { metricNotes } from "./metric-notes";

const t = (key: string, values?: Record<string, string | number>) => (values ? `${key} ${JSON.stringify(values)}` : key);
const coverage = (extra: Partial<MetricResult>): MetricResult => ({
  id: "pipeline_coverage", unit: "ratio", direction: "up_is_good", status: "computed", value: null,
  flags: { noValue: true, needsData: [] }, ...extra,
} as MetricResult);

describe("metric notes", () => {
  it("says when the plan is already reached instead of leaving coverage blank", () => {
    const reached = coverage({ inputs: { numerator: 5_000, denominator: 0 }, plan: { target: 10_000, actual: 12_000 } } as Partial<MetricResult>);
    expect(metricNotes(reached, t)).toEqual(["flags.planReached"]);
    // No plan at all is not "reached".
    expect(metricNotes(coverage({ inputs: { numerator: 5_000, denominator: null }, plan: { target: null, actual: 12_000 } } as Partial<MetricResult>), t)).toEqual([]);
  });

  it("says how coverage counted: all open deals where the CRM has no close dates, or how many had none", () => {
    expect(metricNotes(coverage({ value: 2, flags: { noValue: false, needsData: [], allOpenDeals: true } }), t)).toEqual(["flags.allOpenDeals"]);
    expect(metricNotes(coverage({ value: 2, flags: { noValue: false, needsData: [] }, excluded: { noCloseDate: 3, withoutAmount: 1 } }), t)).toEqual([
      'flags.withoutAmount {"count":1}',
      'flags.noCloseDate {"count":3}',
    ]);
  });
});

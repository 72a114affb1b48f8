import type { Db } from "@/db/client";
import type { ZonedRange } from "@/lib/periods";
import { loadMarketingStats, type PeriodStats, type StatsByPeriod } from "./load-stats";
import type { OrgSettings } from "./org-settings";
import { changeBetween, ratioOrNull } from "./ratios";
import type { Breakdown, MetricRequest } from "./request";
import type { MetricPoint, MetricResult } from "./results";
import { customersQuery, type CustomerRowKind } from "./sql/customers";
import type { CustomerMeasure, MarketingStats } from "./types";

type Periods = { current: ZonedRange; comparison?: ZonedRange };
type Row = { kind: "new" | "repeat" | "retention" | "abc" | "acquisition"; label: string; grp: string | null; is_total: boolean; class: string | null; n: number; amount: number; retained: number };
type Result = Pick<MetricResult, "value" | "comparison" | "breakdown" | "flags" | "split" | "parts" | "inputs" | "amount">;

/** Measures whose breakdown is fixed by the catalog when the request asks for none: churn per rep, repeat sales per channel. */
const defaultBreakdown: Partial<Record<CustomerMeasure, Breakdown>> = { churn_by_rep: "rep", repeat_sales: "channel" };

/** The customers query's rows a measure reads (abc's breakdown groups are its classes, not grp). */
const rowKindOf: Record<CustomerMeasure, CustomerRowKind> = {
  new: "new",
  cac: "new",
  repeat_sales: "repeat",
  retention: "retention",
  churn: "retention",
  churn_by_rep: "retention",
  abc: "abc",
  acquisition: "acquisition",
};

/** customer_acquisition_rate's first-contact methods, its split's keys. */
const contactMethods = ["email", "cold_call", "in_person"] as const;

/**
 * Customer metrics (kpi-catalog **Customers**, and cac, repeat_sales_by_channel, customer_acquisition_rate): one
 * customers query for the request's breakdown, one more where a measure has its own default breakdown, and spend for
 * cac.
 */
export async function computeCustomerMetrics(
  db: Db,
  org: OrgSettings,
  periods: Periods,
  request: Pick<MetricRequest, "filters" | "breakdown">,
  measures: Set<CustomerMeasure>,
  now: Date,
): Promise<Map<CustomerMeasure, Result>> {
  const ranges = [{ label: "current", ...periods.current }, ...(periods.comparison ? [{ label: "comparison", ...periods.comparison }] : [])];
  const breakdownOf = (measure: CustomerMeasure) => request.breakdown ?? defaultBreakdown[measure];
  const breakdowns = [...new Set([...measures].map(breakdownOf))];
  const { filters } = request;
  // The rows each measure reads: a query computes only those of the measures with its breakdown.
  const kindsOf = (breakdown: Breakdown | undefined) =>
    new Set([...measures].filter((measure) => breakdownOf(measure) === breakdown).map((measure) => rowKindOf[measure]));
  const cacApplies = measures.has("cac") && !filters?.repIds?.length && !filters?.teamIds?.length && !filters?.pipelineIds?.length;
  const [rowSets, marketing] = await Promise.all([
    Promise.all(breakdowns.map((breakdown) => db.execute<Row>(customersQuery({ org, ranges, filters, breakdown, now, kinds: kindsOf(breakdown) })).then((rows) => ({ breakdown, rows })))),
    cacApplies ? loadMarketingStats(db, { org, ranges, channelIds: filters?.channelIds, breakdown: request.breakdown }) : undefined,
  ]);

  const results = new Map<CustomerMeasure, Result>();
  for (const measure of measures) {
    const breakdown = breakdownOf(measure);
    const rows = rowSets.find((set) => set.breakdown === breakdown)!.rows;
    /** The row of a kind, period and group (the total without one); acquisition rows also of one method (null: all). */
    const pick = (kind: Row["kind"], label: string, group?: string, method: string | null = null) =>
      rows.find(
        (r) =>
          r.kind === kind && r.label === label && (r.class ?? null) === method &&
          (group === undefined ? r.is_total : !r.is_total && (r.grp ?? "") === group),
      );
    const pointOf = (label: string, group?: string): MetricPoint => measurePoint(measure, pick, abcRows, label, group, marketing, cacApplies, periods);
    const abcRows = (label: string) => rows.filter((r) => r.kind === "abc" && r.label === label);
    const point = pointOf("current");
    const compared = periods.comparison ? pointOf("comparison") : undefined;
    const groupKind = rowKindOf[measure];
    const groupsApply = measure !== "abc" && breakdown !== undefined && (groupKind !== "retention" || !isBucket(breakdown)) && (measure !== "cac" || cacApplies);
    const keys = groupsApply
      ? [...new Set([
          ...rows.filter((r) => r.kind === groupKind && r.label === "current" && !r.is_total).map((r) => r.grp ?? ""),
          ...(measure === "cac" ? [...(marketing?.get("current")?.groups.keys() ?? [])] : []),
        ])].sort()
      : undefined;
    results.set(measure, {
      ...point,
      ...(compared ? { comparison: { ...compared, delta: changeBetween(point.value, compared.value) } } : {}),
      ...(keys ? { breakdown: keys.map((key) => ({ key, ...pointOf("current", key) })) } : {}),
      flags: { noValue: point.value === null, needsData: [] },
    });
  }
  return results;
}

const isBucket = (breakdown: Breakdown) => breakdown === "day" || breakdown === "week" || breakdown === "month" || breakdown === "quarter";

function measurePoint(
  measure: CustomerMeasure,
  pick: (kind: Row["kind"], label: string, group?: string, method?: string | null) => Row | undefined,
  abcRows: (label: string) => Row[],
  label: string,
  group: string | undefined,
  marketing: StatsByPeriod<MarketingStats> | undefined,
  cacApplies: boolean,
  periods: Periods,
): MetricPoint & Pick<MetricResult, "parts"> {
  const retention = pick("retention", label, group);
  const atStart = retention?.n ?? 0;
  const retained = retention?.retained ?? 0;
  switch (measure) {
    case "new":
      return { value: pick("new", label, group)?.n ?? 0 };
    case "cac": {
      if (!cacApplies) return { value: null };
      const periodStats: PeriodStats<MarketingStats> | undefined = marketing?.get(label);
      const spend = (group === undefined ? periodStats?.total : periodStats?.groups.get(group))?.spend ?? 0;
      const customers = pick("new", label, group)?.n ?? 0;
      return { value: ratioOrNull(spend, customers), inputs: { numerator: spend, denominator: customers } };
    }
    case "repeat_sales": {
      const row = pick("repeat", label, group);
      return { value: row?.n ?? 0, amount: row?.amount ?? 0 };
    }
    case "retention":
      return { value: ratioOrNull(retained, atStart), inputs: { numerator: retained, denominator: atStart } };
    case "churn": {
      const retentionRate = ratioOrNull(retained, atStart);
      const churn = retentionRate === null ? null : 1 - retentionRate;
      const range = label === "current" ? periods.current : periods.comparison!;
      const months = (range.end.getTime() - range.start.getTime()) / (86_400_000 * 30.436875);
      const monthly = churn !== null && months > 1.5 ? 1 - (1 - churn) ** (1 / months) : null;
      return { value: churn, inputs: { numerator: atStart - retained, denominator: atStart }, ...(monthly !== null ? { parts: { monthly } } : {}) };
    }
    case "churn_by_rep":
      return { value: atStart - retained, amount: retention?.amount ?? 0 };
    case "acquisition": {
      // New customers ÷ prospects contacted, in total and per first-contact method (a method without prospects has no rate).
      const rate = (row: Row | undefined) => ratioOrNull(row?.retained ?? 0, row?.n ?? 0);
      const total = pick("acquisition", label, group);
      const split = Object.fromEntries(
        contactMethods.flatMap((method) => {
          const value = rate(pick("acquisition", label, group, method));
          return value === null ? [] : [[method, value]];
        }),
      );
      return { value: rate(total), inputs: { numerator: total?.retained ?? 0, denominator: total?.n ?? 0 }, split };
    }
    case "abc": {
      const classes = abcRows(label);
      const of = (c: string) => classes.find((row) => row.class === c);
      const revenue = classes.reduce((sum, row) => sum + row.amount, 0);
      return {
        value: classes.reduce((sum, row) => sum + row.n, 0),
        split: { A: of("A")?.n ?? 0, B: of("B")?.n ?? 0, C: of("C")?.n ?? 0 },
        parts: { A: ratioOrNull(of("A")?.amount ?? 0, revenue), B: ratioOrNull(of("B")?.amount ?? 0, revenue), C: ratioOrNull(of("C")?.amount ?? 0, revenue) },
      };
    }
  }
}

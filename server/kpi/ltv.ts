import type { Db } from "@/db/client";
import type { ZonedRange } from "@/lib/periods";
import type { OrgSettings } from "./org-settings";
import { ratioOrNull } from "./ratios";
import type { MetricResult } from "./results";
import { ltvHistoryQuery } from "./sql/ltv";

type Row = { customers: number; yearly_revenue: number | null; years: number | null; margin_sum: number; margin_base: number };

/**
 * ltv at the period's snapshot (its end, or now), org-wide: by the org's method. History: mean yearly revenue per
 * customer × gross margin % × mean relationship in years. The subscription method needs imported subscriptions,
 * which the data model does not hold yet: "needs data: subscriptions".
 */
export async function computeLtv(db: Db, org: OrgSettings, period: ZonedRange, now: Date): Promise<Pick<MetricResult, "value" | "parts" | "method" | "flags">> {
  if (org.ltvMethod === "subscription") return { value: null, method: "subscription", flags: { noValue: false, needsData: ["subscriptions"] } };
  const at = new Date(Math.min(period.end.getTime(), now.getTime()));
  const [row] = await db.execute<Row>(ltvHistoryQuery(org, at));
  const margin = ratioOrNull(row!.margin_sum, row!.margin_base);
  const value = row!.yearly_revenue === null || row!.years === null || margin === null ? null : row!.yearly_revenue * margin * row!.years;
  return {
    value,
    method: "history",
    parts: { customers: row!.customers, yearlyRevenue: row!.yearly_revenue, grossMargin: margin, years: row!.years },
    flags: { noValue: value === null, needsData: [] },
  };
}

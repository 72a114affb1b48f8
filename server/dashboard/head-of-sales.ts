import type { Db } from "@/db/client";
import { resolvePeriod, type PeriodInput, type PeriodPreset } from "@/lib/periods";
import type { LocalDate } from "@/lib/zoned-time";
import { loadFunnel, type Funnel } from "./funnel";
import { loadOrgSettings } from "@/server/kpi/org-settings";
import { loadPlanFact, type RepPlanFact } from "./plan-fact";
import { loadRevenueByMonth, type MonthRevenue } from "./revenue-by-month";
import { loadTiles, type Tile } from "./tiles";

/** Local dates [from, to) of a period in the org's calendar. */
type DateRange = { from: LocalDate; to: LocalDate };

export type HeadOfSalesDashboard = {
  currency: string;
  timeZone: string;
  period: { preset: PeriodPreset; current: DateRange; previous: DateRange };
  /** False when the org has no deals at all yet (the page shows onboarding instead). */
  hasDeals: boolean;
  tiles: Tile[];
  funnel: Funnel;
  revenueByMonth: MonthRevenue[];
  planFact: RepPlanFact[];
};

/** The head of sales' dashboard for one organization and period, as of `now`. */
export async function getHeadOfSalesDashboard(db: Db, orgId: string, input: PeriodInput, now: Date): Promise<HeadOfSalesDashboard> {
  const org = await loadOrgSettings(db, orgId);
  const period = resolvePeriod(input, org.timeZone, now);
  const [{ tiles, hasDeals }, funnel, revenueByMonth, planFact] = await Promise.all([
    loadTiles(db, org, period, now),
    loadFunnel(db, org, period.current, now),
    loadRevenueByMonth(db, org, period.current, now),
    loadPlanFact(db, org, period.current),
  ]);
  const dates = ({ from, to }: DateRange) => ({ from, to });
  return {
    currency: org.currency,
    timeZone: org.timeZone,
    period: { preset: period.preset, current: dates(period.current), previous: dates(period.previous) },
    hasDeals,
    tiles,
    funnel,
    revenueByMonth,
    planFact,
  };
}

import type { Random } from "./random";
import type { Staffing } from "./staffing";
import { monthKey, shiftMonthKey } from "./time";

export type GeneratedQuota = { rep: string; metric: "revenue_won" | "deals_won"; periodStart: string; target: number };

const PLAN_MONTHS_BACK = 11;
const PLAN_MONTHS_AHEAD = 2;
const GROWTH_EXPECTED = 1.03;

/**
 * Monthly plans per rep for the last 12 months and the next 2, for the months the rep works here. Like a head of
 * sales would, each month's plan extends the rep's last three months (never below most of the rep's usual month,
 * so the first months of the data do not set tiny plans), scaled by the rep's quota factor: some reps beat their
 * plan and some fall short, and strong or weak months show as such.
 */
export function generateQuotas(
  random: Random,
  input: { staffing: Staffing; wins: Map<string, { revenue: number; deals: number }>; now: number; timeZone: string },
): GeneratedQuota[] {
  const current = monthKey(input.now, input.timeZone);
  const months = Array.from({ length: PLAN_MONTHS_BACK + 1 + PLAN_MONTHS_AHEAD }, (_, i) => shiftMonthKey(current, i - PLAN_MONTHS_BACK));
  const quotas: GeneratedQuota[] = [];
  for (const member of input.staffing.members) {
    const { key, quotaFactor } = member.profile;
    const firstMonth = monthKey(member.employedFrom, input.timeZone);
    const lastMonth = member.employedUntil === null ? null : monthKey(member.employedUntil - 1, input.timeZone);
    const worked = months.filter((m) => m >= firstMonth && (lastMonth === null || m <= lastMonth));
    const closed = worked.filter((m) => m < current);
    const actual = (m: string) => input.wins.get(`${key}|${m}`) ?? { revenue: 0, deals: 0 };
    const usual = { revenue: mean(closed.map((m) => actual(m).revenue)), deals: mean(closed.map((m) => actual(m).deals)) };
    for (const month of worked) {
      const recent = closed.filter((m) => m < month).slice(-3).map(actual);
      const noise = quotaFactor * GROWTH_EXPECTED * random.logNormal(1, 0.08);
      const revenue = Math.max(mean(recent.map((a) => a.revenue)), usual.revenue * 0.8) * noise;
      const deals = Math.max(mean(recent.map((a) => a.deals)), usual.deals * 0.8) * noise;
      quotas.push({ rep: key, metric: "revenue_won", periodStart: month, target: roundPlan(revenue) });
      quotas.push({ rep: key, metric: "deals_won", periodStart: month, target: Math.max(1, Math.round(deals)) });
    }
  }
  return quotas;
}

function mean(xs: number[]) {
  return xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : 0;
}

/** Plans are round numbers: two significant digits. */
function roundPlan(x: number) {
  if (x <= 0) return 0;
  const step = 10 ** Math.max(0, Math.floor(Math.log10(x)) - 1);
  return Math.round(x / step) * step;
}

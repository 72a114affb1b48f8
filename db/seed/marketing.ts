import { usdTo } from "./currency";
import type { Demand } from "./demand";
import type { Random } from "./random";
import { dayKey } from "./time";

export type MarketingDay = { channel: string; day: string; spend: number; sessions: number };

/**
 * Spend and website sessions per paid or web channel per day, proportional to the leads the demand curve
 * sends through that channel that day (with noise), so cost per lead and visitor-to-lead rates are believable.
 */
export function generateMarketing(random: Random, demand: Demand, deals: number, currency: string): MarketingDay[] {
  const rows: MarketingDay[] = [];
  demand.dayStarts.forEach((dayStart, index) => {
    const leadsThatDay = deals * demand.dayShare(index);
    for (const { channel, share } of demand.channelShares(index)) {
      if (channel.costPerLead === 0 && channel.sessionsPerLead === 0) continue;
      const leads = leadsThatDay * share;
      rows.push({
        channel: channel.key,
        day: dayKey(dayStart),
        spend: Math.round(usdTo(currency, leads * channel.costPerLead * random.logNormal(1, 0.2)) * 100) / 100,
        sessions: Math.round(leads * channel.sessionsPerLead * random.logNormal(1, 0.15)),
      });
    }
  });
  return rows;
}

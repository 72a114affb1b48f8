import { exchangeRateSeries, secondCurrencyFor } from "./currency";
import { DealStream } from "./deal-stream";
import { Demand } from "./demand";
import { generateMarketing } from "./marketing";
import { generateQuotas } from "./quotas";
import { Random } from "./random";
import { Staffing } from "./staffing";
import { DAY } from "./time";

export type DatasetOptions = {
  seed: number;
  /** 1 = about 5,000 deals a year; deals, their events and activities grow linearly with it. */
  scale: number;
  /** The data covers the 12 months ending here; nothing happens after it. */
  now: Date;
  /** The organization's currency and time zone (months of the plans). */
  currency: string;
  timeZone: string;
};

/**
 * The demo company's data, fully determined by the options. Deals come as a stream of chunks; the plans are
 * derived from what was sold, so `quotas()` is called after the stream has been read.
 */
export function createDataset(options: DatasetOptions) {
  const root = new Random(options.seed);
  const now = options.now.getTime();
  const demand = new Demand(root.fork("demand"), now);
  const staffing = new Staffing(now, demand.windowStart);
  const rates = exchangeRateSeries(root.fork("rates"), options.currency, demand.windowStart - 7 * DAY, now);
  const deals = new DealStream(root.fork("deals"), {
    scale: options.scale,
    now,
    currency: options.currency,
    timeZone: options.timeZone,
    secondCurrency: secondCurrencyFor(options.currency),
    rateAt: rates.rateAt,
    demand,
    staffing,
  });
  return {
    staffing,
    deals,
    exchangeRates: rates.rates,
    marketing: () => generateMarketing(root.fork("marketing"), demand, deals.count, options.currency),
    quotas: () => generateQuotas(root.fork("quotas"), { staffing, wins: deals.wins, now, timeZone: options.timeZone }),
  };
}

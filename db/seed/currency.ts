import type { Random } from "./random";
import { DAY, dayKey, startOfUtcDay } from "./time";

/** Rough units per US dollar, so that demo prices look natural in the organization's currency. */
const unitsPerUsd: Record<string, number> = {
  USD: 1, EUR: 0.92, GBP: 0.79, CHF: 0.88, PLN: 3.95, CZK: 23, UAH: 41.5, RUB: 92, KZT: 480, GEL: 2.7, CAD: 1.37, AUD: 1.52,
};

export function usdTo(currency: string, usd: number): number {
  return usd * (unitsPerUsd[currency] ?? 1);
}

/** A few deals are priced in a second currency: euros, or dollars for a euro organization. */
export function secondCurrencyFor(orgCurrency: string): string {
  return orgCurrency === "EUR" ? "USD" : "EUR";
}

export type ExchangeRate = { currency: string; day: string; rate: number };

/**
 * Daily rates of the second currency in units of the organization's currency, from `from` to `to` (UTC days),
 * as a gentle random walk around today's rough rate.
 */
export function exchangeRateSeries(random: Random, orgCurrency: string, from: number, to: number) {
  const currency = secondCurrencyFor(orgCurrency);
  const base = (unitsPerUsd[orgCurrency] ?? 1) / (unitsPerUsd[currency] ?? 1);
  const rates: ExchangeRate[] = [];
  let level = 1;
  for (let day = startOfUtcDay(from); day <= to; day += DAY) {
    level = Math.min(1.12, Math.max(0.9, level * (1 + random.normal() * 0.003)));
    rates.push({ currency, day: dayKey(day), rate: Number((base * level).toFixed(6)) });
  }
  const firstDay = startOfUtcDay(from);
  /** The rate on the day of `at` (clamped to the series). */
  const rateAt = (at: number) => rates[Math.min(rates.length - 1, Math.max(0, Math.floor((at - firstDay) / DAY)))]!.rate;
  return { currency, rates, rateAt };
}

import { channels, monthSeasonality, weekdayVolume, yearlyGrowth, type ChannelProfile } from "./company";
import type { Random } from "./random";
import { DAY, addMonths, startOfUtcDay, timeOfDay } from "./time";

/**
 * How many inquiries arrive on each day of the 12 months ending at `now` (seasonality, weekdays, growth and
 * daily noise) and from which channels. Deals and marketing spend are both drawn from it, so spend, sessions
 * and leads per channel move together.
 */
export class Demand {
  readonly windowStart: number;
  readonly dayStarts: number[] = [];
  private readonly cumulative: number[] = [];
  private readonly weights: number[] = [];

  constructor(
    random: Random,
    readonly now: number,
  ) {
    this.windowStart = addMonths(now, -12);
    const first = startOfUtcDay(this.windowStart);
    let total = 0;
    for (let day = first; day < now; day += DAY) {
      const date = new Date(day);
      const progress = (day - first) / (now - first);
      const covered = (Math.min(day + DAY, now) - Math.max(day, this.windowStart)) / DAY;
      const weight =
        monthSeasonality[date.getUTCMonth()]! *
        weekdayVolume[date.getUTCDay()]! *
        (1 + (yearlyGrowth - 1) * progress) *
        random.logNormal(1, 0.12) *
        covered;
      total += weight;
      this.dayStarts.push(day);
      this.weights.push(weight);
      this.cumulative.push(total);
    }
  }

  get total(): number {
    return this.cumulative[this.cumulative.length - 1]!;
  }

  /** Share of the year's inquiries that arrive on day `index`. */
  dayShare(index: number): number {
    return this.weights[index]! / this.total;
  }

  channelShares(dayIndex: number): { channel: ChannelProfile; share: number }[] {
    const progress = dayIndex / this.dayStarts.length;
    const raw = channels.map((channel) => ({ channel, share: channel.share * (1 + (channel.growth - 1) * progress) }));
    const sum = raw.reduce((s, c) => s + c.share, 0);
    return raw.map((c) => ({ channel: c.channel, share: c.share / sum }));
  }

  /**
   * The `index`-th of `count` inquiries, in order of arrival: its day by the volume curve, its channel by that
   * day's mix, its time by the channel's hours.
   */
  inquiry(random: Random, index: number, count: number): { createdAt: number; channel: ChannelProfile; dayIndex: number } {
    const target = ((index + random.next()) / count) * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    const channel = random.weighted(this.channelShares(lo), (c) => c.share).channel;
    const dayStart = this.dayStarts[lo]!;
    const from = Math.max(dayStart, this.windowStart);
    const until = Math.min(dayStart + DAY, this.now - 60_000);
    let createdAt = dayStart + timeOfDay(random, channel.aroundTheClock);
    if (createdAt < from || createdAt >= until) createdAt = from + random.next() * Math.max(0, until - from);
    return { createdAt: Math.floor(createdAt), channel, dayIndex: lo };
  }
}

import { customerNames, productLines, type LossReasonKey, type PipelineKey, type TeamKey } from "./company";
import { usdTo } from "./currency";
import { generateDealActivities, type GeneratedActivity } from "./deal-activities";
import { simulateDealHistory, stepRank, type DealHistory } from "./deal-history";
import type { Demand } from "./demand";
import type { Random } from "./random";
import type { StaffMember, Staffing } from "./staffing";
import { DAY, HOUR, dayKey, monthKey } from "./time";

/** Deals per year at scale 1. */
export const DEALS_PER_SCALE = 5200;
const REPEAT_SHARE = 0.13;
const RETURNING_NEW_BUSINESS_SHARE = 0.04;
const HANDOFF_SHARE = 0.02;
const SECOND_CURRENCY_SHARE_CORPORATE = 0.1;

export type GeneratedCustomer = { externalId: string; name: string; createdAt: number };
export type GeneratedDeal = {
  externalId: string;
  title: string;
  pipeline: PipelineKey;
  stage: string;
  owner: string;
  channel: string;
  customer: string;
  amount: number | null;
  currency: string;
  cost: number | null;
  margin: number | null;
  status: DealHistory["status"];
  createdAt: number;
  wonAt: number | null;
  lostAt: number | null;
  lossReason: LossReasonKey | null;
  expectedCloseDate: string | null;
};
export type GeneratedStageEvent = { externalId: string; deal: string; from: string | null; to: string; at: number };
export type GeneratedOwnerEvent = { externalId: string; deal: string; from: string; to: string; at: number };
export type DealChunk = {
  customers: GeneratedCustomer[];
  deals: GeneratedDeal[];
  stageEvents: GeneratedStageEvent[];
  ownerEvents: GeneratedOwnerEvent[];
  activities: GeneratedActivity[];
};

type WonCustomer = { externalId: string; name: string; wonAt: number; team: TeamKey; rep: string; channel: string };
type OwnerSpan = { rep: StaffMember; from: number };

/**
 * Generates the deals in order of arrival, a chunk at a time, so memory stays flat at any scale. Customers who
 * bought come back for repeat sales, so a bounded pool of recent buyers is kept; wins per rep and month are
 * tallied on the way for the plans.
 */
export class DealStream {
  readonly count: number;
  /** Won revenue (organization currency) and won deals per `${repKey}|${month}`, credited to the owner at the win. */
  readonly wins = new Map<string, { revenue: number; deals: number }>();
  private readonly buyers: WonCustomer[] = [];
  private buyersNext = 0;
  private customerCount = 0;

  constructor(
    private readonly random: Random,
    private readonly context: {
      scale: number;
      now: number;
      currency: string;
      timeZone: string;
      secondCurrency: string;
      rateAt: (at: number) => number;
      demand: Demand;
      staffing: Staffing;
    },
  ) {
    this.count = Math.max(1, Math.round(DEALS_PER_SCALE * context.scale));
  }

  *chunks(chunkSize: number): Generator<DealChunk> {
    for (let start = 0; start < this.count; start += chunkSize) {
      const chunk: DealChunk = { customers: [], deals: [], stageEvents: [], ownerEvents: [], activities: [] };
      for (let i = start; i < Math.min(this.count, start + chunkSize); i++) this.generateDeal(i, chunk);
      yield chunk;
    }
  }

  private generateDeal(index: number, chunk: DealChunk) {
    const { random, context } = this;
    const { now, staffing } = context;
    const externalId = `d${sequenceKey(index)}`;
    const inquiry = context.demand.inquiry(random, index, this.count);
    const createdAt = inquiry.createdAt;

    const returning = random.chance(REPEAT_SHARE) ? this.pickBuyer(createdAt - 7 * DAY) : null;
    const pipeline: PipelineKey = returning ? "repeat" : "new-business";
    const channel = returning?.channel ?? inquiry.channel.key;
    const team: TeamKey = returning?.team ?? (random.chance(inquiry.channel.corporateShare) ? "corporate" : "showroom");
    const accountRep = returning && random.chance(0.7) ? staffing.inTeam(team, createdAt).find((m) => m.profile.key === returning.rep) : undefined;
    const owner = accountRep ?? this.pickRep(team, createdAt);
    const customer = returning ?? (random.chance(RETURNING_NEW_BUSINESS_SHARE) ? this.pickBuyer(createdAt) : null) ?? this.newCustomer(team, createdAt, chunk);

    const history = simulateDealHistory(random, {
      pipeline,
      createdAt,
      now,
      skill: owner.profile.skill,
      leadQuality: pipeline === "new-business" ? inquiry.channel.quality : 1,
    });
    const owners = this.ownerHistory(owner, createdAt, history);
    const ownerAt = (at: number) => owners.findLast((o) => o.from <= at)!.rep;

    const line = random.pick(productLines[pipeline === "repeat" ? "repeat" : team]);
    const currency = team === "corporate" && random.chance(SECOND_CURRENCY_SHARE_CORPORATE) ? context.secondCurrency : context.currency;
    // Inquiries that never reached a measurement often have no price yet.
    const priced = pipeline === "repeat" || history.maxRank >= stepRank("meeting_held") || random.chance(0.5);
    const amount = priced ? Math.max(10, Math.round(usdTo(currency, random.logNormal(line.medianUsd, 0.45)) / 10) * 10) : null;
    const cost = amount === null ? null : round2(amount * random.between(0.5, 0.68));

    const last = history.events[history.events.length - 1]!;
    chunk.deals.push({
      externalId,
      title: `${line.name} — ${customer.name}`,
      pipeline,
      stage: last.to,
      owner: ownerAt(now).profile.key,
      channel,
      customer: customer.externalId,
      amount,
      currency,
      cost,
      margin: amount === null || cost === null ? null : round2(amount - cost),
      status: history.status,
      createdAt,
      wonAt: history.wonAt,
      lostAt: history.lostAt,
      lossReason: history.lossReason,
      expectedCloseDate: this.expectedCloseDate(pipeline, createdAt, history.status),
    });
    history.events.forEach((e, k) => chunk.stageEvents.push({ externalId: `${externalId}.s${k}`, deal: externalId, ...e }));
    owners.slice(1).forEach((o, k) =>
      chunk.ownerEvents.push({ externalId: `${externalId}.o${k}`, deal: externalId, from: owners[k]!.rep.profile.key, to: o.rep.profile.key, at: o.from }),
    );
    for (const activity of generateDealActivities(random, { deal: externalId, createdAt, events: history.events, now, ownerAt: (at) => ownerAt(at).profile })) {
      chunk.activities.push(activity);
    }

    if (history.status === "won" && history.wonAt !== null) {
      const winner = ownerAt(history.wonAt).profile.key;
      this.addBuyer({ externalId: customer.externalId, name: customer.name, wonAt: history.wonAt, team, rep: winner, channel });
      if (amount !== null) {
        const key = `${winner}|${monthKey(history.wonAt, context.timeZone)}`;
        const tally = this.wins.get(key) ?? { revenue: 0, deals: 0 };
        tally.revenue += currency === context.currency ? amount : amount * context.rateAt(history.wonAt);
        tally.deals += 1;
        this.wins.set(key, tally);
      }
    }
  }

  private pickRep(team: TeamKey, at: number): StaffMember {
    const candidates = this.context.staffing.inTeam(team, at);
    const pool = candidates.length ? candidates : this.context.staffing.members.filter((m) => this.context.staffing.teamAt(m, at));
    return this.random.weighted(pool, (m) => m.profile.capacity);
  }

  /**
   * Who owned the deal when: the rep who took it, then a teammate when that rep left with the deal still
   * in play, and now and then a hand-off to a teammate.
   */
  private ownerHistory(first: StaffMember, createdAt: number, history: DealHistory): OwnerSpan[] {
    const { random, context } = this;
    const spans: OwnerSpan[] = [{ rep: first, from: createdAt }];
    const lastEventAt = history.events[history.events.length - 1]!.at;
    const end = history.status === "open" ? context.now : lastEventAt;
    if (end - createdAt > DAY && random.chance(HANDOFF_SHARE)) {
      const at = createdAt + HOUR + random.next() * (end - createdAt - HOUR);
      const team = context.staffing.teamAt(first, at);
      const others = team ? context.staffing.inTeam(team, at).filter((m) => m !== first) : [];
      if (others.length) spans.push({ rep: random.pick(others), from: Math.floor(at) });
    }
    const current = spans[spans.length - 1]!;
    const leftAt = current.rep.employedUntil;
    const teamWhenLeaving = leftAt === null ? null : context.staffing.teamAt(current.rep, leftAt - 1);
    if (leftAt !== null && teamWhenLeaving && createdAt < leftAt && (history.status === "open" || lastEventAt > leftAt)) {
      spans.push({ rep: this.pickRep(teamWhenLeaving, leftAt), from: Math.max(leftAt - DAY + 7 * HOUR, current.from + 1) });
    }
    return spans;
  }

  private expectedCloseDate(pipeline: PipelineKey, createdAt: number, status: DealHistory["status"]): string | null {
    const { random, context } = this;
    if (random.chance(0.06)) return null;
    let expected = createdAt + random.logNormal(pipeline === "repeat" ? 14 : 35, 0.4) * DAY;
    // Reps move the date of open deals that slipped, most of the time.
    if (status === "open" && expected < context.now && random.chance(0.6)) expected = context.now + random.between(3, 40) * DAY;
    return dayKey(expected);
  }

  private newCustomer(team: TeamKey, createdAt: number, chunk: DealChunk): GeneratedCustomer {
    const { random } = this;
    const name =
      team === "corporate" || random.chance(0.2)
        ? `${random.pick(customerNames.companyWords)} ${random.pick(customerNames.companyKinds)}`
        : `${random.pick(customerNames.first)} ${random.pick(customerNames.last)}`;
    const customer = { externalId: `c${sequenceKey(this.customerCount++)}`, name, createdAt };
    chunk.customers.push(customer);
    return customer;
  }

  // A ring of the most recent buyers: enough for believable repeat purchases, bounded at any scale.
  private static readonly BUYER_POOL = 4000;

  private addBuyer(buyer: WonCustomer) {
    if (this.buyers.length < DealStream.BUYER_POOL) this.buyers.push(buyer);
    else this.buyers[this.buyersNext] = buyer;
    this.buyersNext = (this.buyersNext + 1) % DealStream.BUYER_POOL;
  }

  /** A customer who had bought before `before`, if one turns up in a few tries. */
  private pickBuyer(before: number): WonCustomer | null {
    if (!this.buyers.length) return null;
    for (let attempt = 0; attempt < 6; attempt++) {
      const buyer = this.random.pick(this.buyers);
      if (buyer.wonAt <= before) return buyer;
    }
    return null;
  }
}

/** Zero-padded, so external ids sort in the order they are written and index inserts stay at the right edge. */
function sequenceKey(n: number) {
  return String(n).padStart(8, "0");
}

function round2(x: number) {
  return Math.round(x * 100) / 100;
}

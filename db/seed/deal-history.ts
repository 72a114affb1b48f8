import { funnelSteps, type FunnelStep } from "@/db/schema";
import { lossReasonMix, stageByKey, type LossReasonKey, type PipelineKey } from "./company";
import type { Random } from "./random";
import { DAY, toWorkingHours } from "./time";

/** How deals leave each stage: how long they stay, how likely they move on, and where to. */
type StageFlow = {
  dwellDays: number;
  /** Chance to move on rather than fail; rep skill (and lead quality where marked) scale it. */
  advance: number;
  forward: [string, number][];
  /** Where a deal that does not move on goes; the pipeline's lost stage unless said otherwise. */
  fallback?: [string, number][];
  /** Chance that nobody touches the deal again: it stays open in this stage. */
  stall?: number;
  scaled?: boolean;
  byLeadQuality?: boolean;
};

const flows: Record<string, StageFlow> = {
  "nb-inquiry": { dwellDays: 0.4, advance: 0.68, scaled: true, byLeadQuality: true, stall: 0.02, forward: [["nb-qualified", 0.9], ["nb-measurement-scheduled", 0.08], ["nb-contract-signed", 0.02]] },
  "nb-qualified": { dwellDays: 2.5, advance: 0.74, scaled: true, byLeadQuality: true, stall: 0.03, forward: [["nb-measurement-scheduled", 0.95], ["nb-quote-sent", 0.05]] },
  "nb-measurement-scheduled": { dwellDays: 5, advance: 0.84, scaled: true, stall: 0.015, forward: [["nb-measurement-done", 1]], fallback: [["nb-qualified", 0.5], ["nb-lost", 0.5]] },
  "nb-measurement-done": { dwellDays: 3, advance: 0.86, scaled: true, stall: 0.015, forward: [["nb-quote-sent", 1]] },
  "nb-quote-sent": { dwellDays: 7, advance: 0.62, scaled: true, stall: 0.035, forward: [["nb-negotiation", 0.85], ["nb-contract-signed", 0.15]] },
  "nb-negotiation": { dwellDays: 8, advance: 0.62, scaled: true, stall: 0.03, forward: [["nb-contract-signed", 1]] },
  // A signed contract is mostly delivered; a few are cancelled (lost) or reopened for renegotiation.
  "nb-contract-signed": { dwellDays: 21, advance: 1, forward: [["nb-delivered", 0.975], ["nb-negotiation", 0.015], ["nb-lost", 0.01]] },
  "rs-request": { dwellDays: 2, advance: 0.85, scaled: true, stall: 0.03, forward: [["rs-offer-sent", 1]] },
  "rs-offer-sent": { dwellDays: 6, advance: 0.72, scaled: true, stall: 0.04, forward: [["rs-order-confirmed", 0.7], ["rs-on-hold", 0.3]] },
  "rs-on-hold": { dwellDays: 20, advance: 0.65, scaled: true, stall: 0.08, forward: [["rs-offer-sent", 0.5], ["rs-order-confirmed", 0.5]] },
  "rs-order-confirmed": { dwellDays: 14, advance: 1, forward: [["rs-delivered", 0.985], ["rs-offer-sent", 0.015]] },
};

const firstStage: Record<PipelineKey, string> = { "new-business": "nb-inquiry", repeat: "rs-request" };
const lostStage: Record<PipelineKey, string> = { "new-business": "nb-lost", repeat: "rs-lost" };
const REOPEN_LOST_CHANCE = 0.03;
const MAX_EVENTS = 24;

/** Position on the funnel ladder (lead = 0 … fulfilled = 7); lost and unmapped stages are off it (-1). */
export function stepRank(step: FunnelStep | null | undefined): number {
  return !step || step === "lost" ? -1 : funnelSteps.indexOf(step);
}
const WON_RANK = stepRank("won");

export const stageStep = (stageKey: string) => stageByKey.get(stageKey)!.step;

export type StageEvent = { from: string | null; to: string; at: number };

export type DealHistory = {
  events: StageEvent[];
  status: "open" | "won" | "lost";
  wonAt: number | null;
  lostAt: number | null;
  lossReason: LossReasonKey | null;
  /** Highest ladder step ever reached (skipped steps count as passed). */
  maxRank: number;
};

/** A deal's whole stage history from its creation up to `now`, and the outcome that history implies. */
export function simulateDealHistory(
  random: Random,
  input: { pipeline: PipelineKey; createdAt: number; now: number; skill: number; leadQuality: number },
): DealHistory {
  const events: StageEvent[] = [{ from: null, to: firstStage[input.pipeline], at: input.createdAt }];
  let reopenedFromLost = false;
  while (events.length < MAX_EVENTS) {
    const current = events[events.length - 1]!;
    const isLost = current.to === lostStage[input.pipeline];
    const flow = flows[current.to];
    let next: string;
    let dwellDays: number;
    if (isLost) {
      if (reopenedFromLost || !current.from || !random.chance(REOPEN_LOST_CHANCE)) break;
      reopenedFromLost = true;
      next = current.from;
      dwellDays = random.between(10, 40);
    } else if (!flow) {
      break;
    } else {
      if (flow.stall && random.chance(flow.stall)) break;
      const chance = flow.scaled ? clamp(flow.advance * input.skill * (flow.byLeadQuality ? input.leadQuality : 1)) : flow.advance;
      if (random.chance(chance)) next = pickWeighted(random, flow.forward);
      else next = flow.fallback ? pickWeighted(random, flow.fallback) : lostStage[input.pipeline];
      dwellDays = random.logNormal(flow.dwellDays, 0.7);
    }
    const at = Math.max(toWorkingHours(current.at + dwellDays * DAY, random), current.at + 60_000);
    if (at > input.now) break;
    events.push({ from: current.to, to: next, at });
  }
  return { events, ...outcome(random, events) };
}

/** Status, won and lost moments as kpi-catalog.md defines them: the last terminal state wins. */
function outcome(random: Random, events: StageEvent[]): Omit<DealHistory, "events"> {
  const last = events[events.length - 1]!;
  const finalStep = stageStep(last.to);
  const maxRank = Math.max(...events.map((e) => stepRank(stageStep(e.to))));
  if (stepRank(finalStep) >= WON_RANK) {
    const firstWon = events.find((e) => stepRank(stageStep(e.to)) >= WON_RANK)!;
    return { status: "won", wonAt: firstWon.at, lostAt: null, lossReason: null, maxRank };
  }
  if (finalStep === "lost") {
    const lostFrom = stepRank(last.from ? stageStep(last.from) : null);
    const mix = lostFrom >= stepRank("proposal") || lostFrom === -1 ? "late" : lostFrom >= stepRank("meeting_scheduled") ? "middle" : "early";
    const lossReason = pickWeighted(random, lossReasonMix[mix]);
    return { status: "lost", wonAt: null, lostAt: last.at, lossReason, maxRank };
  }
  return { status: "open", wonAt: null, lostAt: null, lossReason: null, maxRank };
}

function clamp(p: number) {
  return Math.min(0.97, Math.max(0.02, p));
}

function pickWeighted<T>(random: Random, options: [T, number][]): T {
  return random.weighted(options, (o) => o[1])[0];
}

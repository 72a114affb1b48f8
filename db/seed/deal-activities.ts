import type { RepProfile } from "./company";
import { stageStep, type StageEvent } from "./deal-history";
import type { Random } from "./random";
import { DAY, HOUR, MINUTE, toWorkingHours } from "./time";

export type GeneratedActivity = {
  externalId: string;
  deal: string;
  rep: string;
  type: "call" | "meeting" | "email" | "task" | "message" | "demo";
  direction: "inbound" | "outbound" | null;
  subject: string;
  createdAt: number;
  scheduledAt: number | null;
  completedAt: number | null;
  durationSeconds: number | null;
  talkSeconds: number | null;
  listenSeconds: number | null;
  emailDelivered: boolean | null;
  emailOpened: boolean | null;
  emailReplied: boolean | null;
  replySentiment: "positive" | "neutral" | "negative" | null;
  meetingHeld: boolean | null;
  qualityScore: number | null;
};

type Input = {
  deal: string;
  createdAt: number;
  events: StageEvent[];
  now: number;
  /** The rep who owned the deal at a moment. */
  ownerAt: (at: number) => RepProfile;
};

/** A new activity with every optional field empty (one object shape for all, which keeps generation fast). */
function activity(type: GeneratedActivity["type"], direction: GeneratedActivity["direction"], subject: string, createdAt: number): GeneratedActivity {
  return {
    externalId: "", deal: "", rep: "", type, direction, subject, createdAt, scheduledAt: null, completedAt: null,
    durationSeconds: null, talkSeconds: null, listenSeconds: null, emailDelivered: null, emailOpened: null,
    emailReplied: null, replySentiment: null, meetingHeld: null, qualityScore: null,
  };
}

/**
 * The reps' work on one deal: a first reply minutes to hours after the inquiry, calls, e-mails and messages
 * while it moves, the measurement meeting (held or not), follow-up meetings and tasks. Nothing after `now`
 * except meetings booked for later.
 */
export function generateDealActivities(random: Random, input: Input): GeneratedActivity[] {
  const out: GeneratedActivity[] = [];
  const add = (a: GeneratedActivity) => {
    a.externalId = `${input.deal}.a${out.length}`;
    a.deal = input.deal;
    a.rep = input.ownerAt(a.createdAt).key;
    out.push(a);
  };

  const { events, now } = input;
  events.forEach((event, i) => {
    const exit = events[i + 1];
    const until = Math.min(exit?.at ?? now, now);
    const within = () => momentWithin(random, event.at, until);
    const step = stageStep(event.to);
    const firstStay = i === 0;

    if (firstStay) {
      const reply = firstReply(random, input, exit?.at ?? now);
      if (reply !== null) add(outreach(random, input.ownerAt(reply), reply, "First contact"));
      const attempts = exit ? (random.chance(0.6) ? 1 : 0) : random.int(1, 2);
      for (let k = 0; k < attempts && reply !== null; k++) add(outreach(random, input.ownerAt(reply), within(), "Follow-up"));
      return;
    }
    switch (step) {
      case "qualified":
        if (random.chance(0.8)) add(call(random, input.ownerAt(event.at), within(), "Needs call"));
        if (random.chance(0.5)) add(email(random, within(), "Product brochure", 0.5));
        break;
      case "meeting_scheduled": {
        const held = exit ? stageStep(exit.to) === "meeting_held" : null;
        const planned = exit ? exit.at : event.at + random.logNormal(4 * DAY, 0.5);
        add(meeting(event.at, planned, held, "Site measurement"));
        if (random.chance(0.5)) add(call(random, input.ownerAt(event.at), within(), "Measurement reminder"));
        break;
      }
      case "meeting_held":
        add(task(random, event.at, exit?.at ?? null, "Prepare quote"));
        break;
      case "proposal":
        add(email(random, within(), "Quote", 0.8));
        if (random.chance(0.85)) add(call(random, input.ownerAt(event.at), within(), "Quote follow-up"));
        if (random.chance(0.45)) add(outreach(random, input.ownerAt(event.at), within(), "Quote follow-up"));
        break;
      case "negotiation": {
        const calls = random.int(1, 2);
        for (let k = 0; k < calls; k++) add(call(random, input.ownerAt(event.at), within(), "Negotiation call"));
        if (random.chance(0.35)) {
          const at = within();
          const followUp = meeting(Math.max(event.at, at - 2 * DAY), at, random.chance(0.85), "Follow-up meeting");
          if (showsInShowroom(input.deal)) Object.assign(followUp, { type: "demo", subject: "Showroom demo" });
          add(followUp);
        }
        break;
      }
      case "won":
        add(task(random, event.at, exit?.at ?? (event.at + 2 * DAY <= now ? event.at + 2 * DAY : null), "Arrange delivery"));
        break;
      case null:
        add(task(random, event.at, exit?.at ?? null, "Check back with the customer"));
        break;
      default:
        break;
    }
  });
  for (const a of out) if (a.completedAt !== null && a.completedAt > now) a.completedAt = null;
  return out.filter((a) => a.createdAt <= now);
}

/** Minutes to hours after the inquiry; out of hours most wait for the morning. Some leads never get a reply. */
function firstReply(random: Random, input: Input, limit: number): number | null {
  const rep = input.ownerAt(input.createdAt);
  const leftLead = input.events.length > 1;
  if (!leftLead && random.chance(0.2)) return null;
  let at = input.createdAt + Math.max(1, random.logNormal(rep.responseMinutes, 0.9)) * MINUTE;
  if (random.chance(0.7)) at = toWorkingHours(at, random);
  if (at >= limit) at = input.createdAt + (limit - input.createdAt) * random.between(0.2, 0.8);
  return at <= input.now ? at : null;
}

function momentWithin(random: Random, from: number, until: number): number {
  const raw = from + random.next() * Math.max(0, until - from);
  const snapped = toWorkingHours(raw, random);
  return snapped <= until ? snapped : raw;
}

function outreach(random: Random, rep: RepProfile, at: number, subject: string): GeneratedActivity {
  const r = random.next();
  if (r < 0.55) return call(random, rep, at, subject);
  if (r < 0.85) return email(random, at, subject, 0.5);
  const message = activity("message", "outbound", subject, at);
  message.completedAt = at;
  return message;
}

function call(random: Random, rep: RepProfile, at: number, subject: string): GeneratedActivity {
  const a = activity("call", random.chance(0.12) ? "inbound" : "outbound", subject, at);
  a.completedAt = at;
  const connected = a.direction === "inbound" || random.chance(0.7);
  if (!connected) {
    a.durationSeconds = 0;
    return a;
  }
  const duration = Math.round(Math.min(3600, Math.max(20, random.logNormal(240, 0.7))));
  a.completedAt = at + duration * 1000;
  a.durationSeconds = duration;
  if (random.chance(0.9)) {
    const talk = Math.round(duration * Math.min(0.9, Math.max(0.1, rep.talkShare + random.normal() * 0.08)));
    a.talkSeconds = talk;
    a.listenSeconds = duration - talk;
    if (random.chance(0.25)) a.qualityScore = Math.round(Math.min(100, Math.max(20, rep.callQuality + random.normal() * 10)));
  }
  return a;
}

const sentiments = [["positive", 0.45], ["neutral", 0.35], ["negative", 0.2]] as const;

function email(random: Random, at: number, subject: string, openRate: number): GeneratedActivity {
  if (random.chance(0.1)) {
    const inbound = activity("email", "inbound", `Re: ${subject}`, at);
    inbound.completedAt = at;
    return inbound;
  }
  const a = activity("email", "outbound", subject, at);
  a.completedAt = at;
  a.emailDelivered = random.chance(0.96);
  a.emailOpened = a.emailDelivered && random.chance(openRate);
  a.emailReplied = a.emailOpened && random.chance(0.3);
  if (a.emailReplied) a.replySentiment = random.weighted(sentiments, (s) => s[1])[0];
  return a;
}

function meeting(createdAt: number, scheduledAt: number, held: boolean | null, subject: string): GeneratedActivity {
  const a = activity("meeting", null, subject, createdAt);
  a.scheduledAt = scheduledAt;
  a.completedAt = held ? scheduledAt : null;
  a.meetingHeld = held;
  return a;
}

/**
 * About a quarter of the deals have their negotiation meeting as a showroom demo. Chosen from the deal's key rather
 * than by a random draw, so the rest of the generated data stays exactly as it was.
 */
function showsInShowroom(deal: string): boolean {
  let hash = 0;
  for (let i = 0; i < deal.length; i++) hash = (Math.imul(hash, 31) + deal.charCodeAt(i)) | 0;
  return (hash >>> 0) % 4 === 0;
}

function task(random: Random, createdAt: number, doneAt: number | null, subject: string): GeneratedActivity {
  const a = activity("task", null, subject, createdAt);
  a.scheduledAt = createdAt + random.between(4 * HOUR, 3 * DAY);
  a.completedAt = doneAt;
  return a;
}

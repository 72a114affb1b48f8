import type { FunnelStep } from "@/db/schema";

/**
 * Who the demo company is: Northwind Furniture, a maker of kitchens, home and office furniture with a
 * showroom team (homeowners, designers) and a corporate projects team (offices, hotels, restaurants).
 * Everything here is fixed; the generator adds the randomness.
 */

export type TeamKey = "showroom" | "corporate";

export const teams: { key: TeamKey; name: string }[] = [
  { key: "showroom", name: "Showroom sales" },
  { key: "corporate", name: "Corporate projects" },
];

export type RepProfile = {
  key: string;
  name: string;
  /** Multiplies the chance to move a deal forward at every stage. */
  skill: number;
  /** Relative share of new leads while in a team. */
  capacity: number;
  /** Median minutes to the first reply to a new lead. */
  responseMinutes: number;
  /** Share of call time the rep talks. */
  talkShare: number;
  /** Mean checklist score of the rep's reviewed calls. */
  callQuality: number;
  /** Plan ÷ what the rep actually sells: above 1 the rep falls short, below 1 the rep beats the plan. */
  quotaFactor: number;
  /** Team history; `fromDaysAgo` absent = since before the data starts. */
  memberships: { team: TeamKey; fromDaysAgo?: number }[];
  leftDaysAgo?: number;
};

export const reps: RepProfile[] = [
  { key: "olena-kovalenko", name: "Olena Kovalenko", skill: 1.06, capacity: 1.2, responseMinutes: 12, talkShare: 0.42, callQuality: 86, quotaFactor: 0.88, memberships: [{ team: "showroom" }] },
  { key: "andrii-shevchenko", name: "Andrii Shevchenko", skill: 1.0, capacity: 1.0, responseMinutes: 35, talkShare: 0.55, callQuality: 74, quotaFactor: 1.02, memberships: [{ team: "showroom" }] },
  { key: "maria-bondarenko", name: "Maria Bondarenko", skill: 0.95, capacity: 0.9, responseMinutes: 95, talkShare: 0.63, callQuality: 66, quotaFactor: 1.18, memberships: [{ team: "showroom" }] },
  { key: "taras-melnyk", name: "Taras Melnyk", skill: 0.97, capacity: 0.9, responseMinutes: 60, talkShare: 0.58, callQuality: 70, quotaFactor: 1.1, memberships: [{ team: "showroom" }], leftDaysAgo: 62 },
  { key: "dmytro-kravets", name: "Dmytro Kravets", skill: 1.03, capacity: 1.0, responseMinutes: 25, talkShare: 0.48, callQuality: 80, quotaFactor: 0.95, memberships: [{ team: "showroom" }, { team: "corporate", fromDaysAgo: 125 }] },
  { key: "iryna-tkachenko", name: "Iryna Tkachenko", skill: 1.05, capacity: 1.1, responseMinutes: 45, talkShare: 0.45, callQuality: 84, quotaFactor: 0.92, memberships: [{ team: "corporate" }] },
  { key: "oleh-marchenko", name: "Oleh Marchenko", skill: 0.96, capacity: 1.0, responseMinutes: 120, talkShare: 0.6, callQuality: 68, quotaFactor: 1.12, memberships: [{ team: "corporate" }] },
  { key: "sofia-lysenko", name: "Sofia Lysenko", skill: 1.0, capacity: 0.9, responseMinutes: 20, talkShare: 0.5, callQuality: 77, quotaFactor: 1.0, memberships: [{ team: "corporate", fromDaysAgo: 150 }] },
];

export type ChannelProfile = {
  key: string;
  name: string;
  providedByCompany: boolean;
  /** Share of new leads at the start of the year; `growth` scales it linearly to the end. */
  share: number;
  growth: number;
  /** Chance that a lead from here goes to the corporate team. */
  corporateShare: number;
  /** Lead quality: multiplies the chance to qualify and to book a measurement. */
  quality: number;
  /** Marketing cost per lead (USD) and website sessions per lead. */
  costPerLead: number;
  sessionsPerLead: number;
  /** Leads arrive in the evening and at weekends too. */
  aroundTheClock: boolean;
};

export const channels: ChannelProfile[] = [
  { key: "website", name: "Website (organic)", providedByCompany: true, share: 0.24, growth: 1.1, corporateShare: 0.25, quality: 1.0, costPerLead: 14, sessionsPerLead: 70, aroundTheClock: true },
  { key: "google-ads", name: "Google Ads", providedByCompany: true, share: 0.22, growth: 1.0, corporateShare: 0.3, quality: 0.9, costPerLead: 52, sessionsPerLead: 34, aroundTheClock: true },
  { key: "instagram", name: "Instagram Ads", providedByCompany: true, share: 0.14, growth: 1.7, corporateShare: 0.08, quality: 0.78, costPerLead: 36, sessionsPerLead: 22, aroundTheClock: true },
  { key: "designers", name: "Partner designers", providedByCompany: true, share: 0.1, growth: 1.2, corporateShare: 0.45, quality: 1.3, costPerLead: 95, sessionsPerLead: 0, aroundTheClock: false },
  { key: "trade-shows", name: "Trade shows", providedByCompany: true, share: 0.08, growth: 0.9, corporateShare: 0.8, quality: 1.1, costPerLead: 150, sessionsPerLead: 0, aroundTheClock: false },
  { key: "cold-outreach", name: "Cold outreach", providedByCompany: false, share: 0.14, growth: 0.9, corporateShare: 0.85, quality: 0.72, costPerLead: 0, sessionsPerLead: 0, aroundTheClock: false },
  { key: "referrals", name: "Referrals and own network", providedByCompany: false, share: 0.08, growth: 1.0, corporateShare: 0.5, quality: 1.3, costPerLead: 0, sessionsPerLead: 0, aroundTheClock: false },
];

export type LossReasonKey = "no-response" | "not-target" | "spam" | "price" | "competitor" | "postponed" | "lead-time";

export const lossReasons: { key: LossReasonKey; name: string; winnable: boolean }[] = [
  { key: "no-response", name: "No response", winnable: false },
  { key: "not-target", name: "Not a target client", winnable: false },
  { key: "spam", name: "Duplicate or spam", winnable: false },
  { key: "price", name: "Price too high", winnable: true },
  { key: "competitor", name: "Chose a competitor", winnable: true },
  { key: "postponed", name: "Project postponed", winnable: true },
  { key: "lead-time", name: "Delivery time too long", winnable: true },
];

/** Why deals are lost, by how far they got. */
export const lossReasonMix: Record<"early" | "middle" | "late", [LossReasonKey, number][]> = {
  early: [["no-response", 0.45], ["not-target", 0.35], ["spam", 0.2]],
  middle: [["no-response", 0.35], ["not-target", 0.2], ["postponed", 0.25], ["price", 0.2]],
  late: [["price", 0.35], ["competitor", 0.3], ["postponed", 0.2], ["lead-time", 0.15]],
};

export type PipelineKey = "new-business" | "repeat";

export type StageProfile = {
  key: string;
  name: string;
  step: FunnelStep | null;
  winProbability: number;
};

export const pipelines: { key: PipelineKey; name: string; stages: StageProfile[] }[] = [
  {
    key: "new-business",
    name: "New business",
    stages: [
      { key: "nb-inquiry", name: "Inquiry", step: "lead", winProbability: 0.05 },
      { key: "nb-qualified", name: "Qualified", step: "qualified", winProbability: 0.12 },
      { key: "nb-measurement-scheduled", name: "Measurement scheduled", step: "meeting_scheduled", winProbability: 0.2 },
      { key: "nb-measurement-done", name: "Measurement done", step: "meeting_held", winProbability: 0.3 },
      { key: "nb-quote-sent", name: "Quote sent", step: "proposal", winProbability: 0.45 },
      { key: "nb-negotiation", name: "Negotiation", step: "negotiation", winProbability: 0.65 },
      { key: "nb-contract-signed", name: "Contract signed", step: "won", winProbability: 1 },
      { key: "nb-delivered", name: "Delivered", step: "fulfilled", winProbability: 1 },
      { key: "nb-lost", name: "Lost", step: "lost", winProbability: 0 },
    ],
  },
  {
    key: "repeat",
    name: "Repeat sales",
    stages: [
      { key: "rs-request", name: "Repeat request", step: "lead", winProbability: 0.3 },
      { key: "rs-offer-sent", name: "Offer sent", step: "proposal", winProbability: 0.55 },
      // Left unmapped on purpose: the customer's own "parking" stage that fits no funnel step.
      { key: "rs-on-hold", name: "On hold", step: null, winProbability: 0.25 },
      { key: "rs-order-confirmed", name: "Order confirmed", step: "won", winProbability: 1 },
      { key: "rs-delivered", name: "Delivered", step: "fulfilled", winProbability: 1 },
      { key: "rs-lost", name: "Lost", step: "lost", winProbability: 0 },
    ],
  },
];

export const stageByKey = new Map(pipelines.flatMap((p) => p.stages.map((s) => [s.key, s] as const)));

/** What is sold, with the median price in USD. */
export const productLines: Record<TeamKey | "repeat", { name: string; medianUsd: number }[]> = {
  showroom: [
    { name: "Kitchen set", medianUsd: 5200 },
    { name: "Wardrobe", medianUsd: 2100 },
    { name: "Living room set", medianUsd: 3400 },
    { name: "Bedroom set", medianUsd: 2800 },
    { name: "Home office", medianUsd: 1500 },
  ],
  corporate: [
    { name: "Office fit-out", medianUsd: 22000 },
    { name: "Restaurant furnishing", medianUsd: 15000 },
    { name: "Hotel rooms", medianUsd: 36000 },
    { name: "Reception and lounge", medianUsd: 8500 },
    { name: "Conference room", medianUsd: 7000 },
  ],
  repeat: [
    { name: "Additional order", medianUsd: 1900 },
    { name: "Replacement fronts", medianUsd: 700 },
    { name: "Office expansion", medianUsd: 6500 },
  ],
};

/** Relative number of new inquiries per calendar month (January first): furniture peaks in spring and autumn. */
export const monthSeasonality = [0.75, 0.85, 1.05, 1.1, 1.0, 0.88, 0.8, 0.86, 1.1, 1.2, 1.15, 0.95];
/** Relative number of inquiries per weekday (Sunday first). */
export const weekdayVolume = [0.25, 1, 1, 1, 1, 0.95, 0.45];
/** Inquiries at the end of the year ÷ at its start. */
export const yearlyGrowth = 1.3;

export const customerNames = {
  first: ["Iryna", "Olha", "Natalia", "Oksana", "Yulia", "Kateryna", "Serhii", "Oleksandr", "Viktor", "Roman", "Anna", "Pavlo", "Tetiana", "Mykola", "Vira", "Bohdan"],
  last: ["Melnyk", "Shevchuk", "Boyko", "Kovalchuk", "Tkachuk", "Kravchenko", "Oliinyk", "Savchenko", "Rudenko", "Moroz", "Lytvyn", "Pavlenko", "Hnatiuk", "Zhuk", "Polishchuk", "Klymenko"],
  companyWords: ["Green", "Oak", "River", "Amber", "Nova", "Capital", "Sunrise", "Granite", "Harbor", "Linden", "Maple", "Silver", "Dnipro", "Carpathian", "Meridian", "Atlas"],
  companyKinds: ["Cafe", "Hotel", "Dental Clinic", "Offices", "Coworking", "Restaurant", "Law Firm", "Bank Branch", "Fitness Club", "Studio", "Bakery", "IT Hub"],
};

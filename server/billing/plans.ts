/**
 * The plans as data: what each allows and how it is billed. Limits are per organization; null means unlimited.
 * Display prices must match the Stripe Prices named by STRIPE_PRICE_TEAM/BUSINESS/AGENCY.
 */
export const planIds = ["trial", "team", "business", "agency"] as const;
export type PlanId = (typeof planIds)[number];
export type PaidPlanId = Exclude<PlanId, "trial">;
export const paidPlanIds = ["team", "business", "agency"] as const satisfies readonly PaidPlanId[];

export const limitKinds = ["seats", "sources", "clients"] as const;
export type LimitKind = (typeof limitKinds)[number];

export type PlanLimits = Record<LimitKind, number | null> & {
  /** Shortest interval between scheduled syncs of a data source, in minutes. */
  minSyncMinutes: number | null;
  /** How far back synced history reaches, in months. */
  historyMonths: number | null;
};

export type Plan = {
  id: PlanId;
  limits: PlanLimits;
  /** What the subscription quantity counts: members (seat plans) or the agency's client organizations. */
  billedPer: "seat" | "client" | null;
  /** List price per unit and month in USD cents, for the plan cards. */
  unitPriceCents: number | null;
};

export const TRIAL_DAYS = 14;
/** Days a past-due organization keeps working (with a banner) before it turns read-only. */
export const PAST_DUE_GRACE_DAYS = 7;

export const plans: Record<PlanId, Plan> = {
  trial: {
    id: "trial",
    limits: { seats: 5, sources: 2, clients: 3, minSyncMinutes: 60, historyMonths: 12 },
    billedPer: null,
    unitPriceCents: null,
  },
  team: {
    id: "team",
    limits: { seats: 10, sources: 3, clients: 0, minSyncMinutes: 60, historyMonths: 24 },
    billedPer: "seat",
    unitPriceCents: 1500,
  },
  business: {
    id: "business",
    limits: { seats: 50, sources: 10, clients: 0, minSyncMinutes: 15, historyMonths: null },
    billedPer: "seat",
    unitPriceCents: 3000,
  },
  agency: {
    id: "agency",
    limits: { seats: 25, sources: 5, clients: 50, minSyncMinutes: 15, historyMonths: null },
    billedPer: "client",
    unitPriceCents: 2000,
  },
};

/** Billing switched off (no Stripe key): nothing is limited. */
export const openLimits: PlanLimits = { seats: null, sources: null, clients: null, minSyncMinutes: null, historyMonths: null };

export const isPaidPlan = (value: string): value is PaidPlanId => (paidPlanIds as readonly string[]).includes(value);

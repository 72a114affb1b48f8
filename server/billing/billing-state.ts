import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { organizations, subscriptions, type Organization, type Subscription } from "@/db/schema";
import { billingEnabled } from "./config";
import { openLimits, PAST_DUE_GRACE_DAYS, plans, TRIAL_DAYS, type PlanId, type PlanLimits } from "./plans";

export type Queryable = Db | Tx;
const DAY_MS = 24 * 60 * 60_000;

export type BillingAccess = "full" | "grace" | "read_only";
export type ReadOnlyReason = "trial_ended" | "past_due" | "canceled";

export type BillingState = {
  enabled: boolean;
  plan: PlanId;
  limits: PlanLimits;
  /** Stripe's status; null while the org has no subscription (the free trial). */
  status: Subscription["status"];
  trialEnd: Date | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  quantity: number | null;
  access: BillingAccess;
  readOnlyReason: ReadOnlyReason | null;
  /** While past due: when writes stop. */
  graceEndsAt: Date | null;
  /** The org that pays: itself, or the agency a client belongs to. */
  payer: { id: string; slug: string };
  /** Where the payer's owners manage the subscription. */
  billingUrl: string;
};

type OrgRef = Pick<Organization, "id" | "slug" | "createdAt" | "agencyOrgId" | "isDemo">;

export const billingUrlOf = (slug: string) => `/o/${slug}/settings/billing`;

/**
 * The plan, limits and access an organization has now, from our database only (the webhooks keep it current).
 * A client organization of an agency is covered by the agency's subscription.
 */
export async function loadBillingState(db: Queryable, org: OrgRef, now: Date = new Date()): Promise<BillingState> {
  if (!billingEnabled() || org.isDemo) {
    const base = { payer: { id: org.id, slug: org.slug }, billingUrl: billingUrlOf(org.slug) };
    return { ...base, enabled: false, plan: "trial", limits: openLimits, status: null, trialEnd: null, currentPeriodEnd: null, cancelAtPeriodEnd: false, quantity: null, access: "full", readOnlyReason: null, graceEndsAt: null };
  }
  const payer = await payingOrg(db, org);
  const base = { payer: { id: payer.id, slug: payer.slug }, billingUrl: billingUrlOf(payer.slug) };
  const [row] = await db.select().from(subscriptions).where(eq(subscriptions.orgId, payer.id));
  return { ...base, enabled: true, ...stateOfSubscription(row?.stripeSubscriptionId ? row : null, payer.createdAt, now) };
}

type SubscriptionView = Omit<BillingState, "enabled" | "payer" | "billingUrl">;

/** The rules that turn a subscription row (or its absence) into plan, limits and access. */
export function stateOfSubscription(row: Subscription | null, orgCreatedAt: Date, now: Date): SubscriptionView {
  if (!row) {
    const trialEnd = new Date(orgCreatedAt.getTime() + TRIAL_DAYS * DAY_MS);
    const ended = now >= trialEnd;
    return { plan: "trial", limits: plans.trial.limits, status: null, trialEnd, currentPeriodEnd: null, cancelAtPeriodEnd: false, quantity: null, access: ended ? "read_only" : "full", readOnlyReason: ended ? "trial_ended" : null, graceEndsAt: null };
  }
  const view = {
    plan: row.plan,
    limits: plans[row.plan].limits,
    status: row.status,
    trialEnd: row.trialEnd,
    currentPeriodEnd: row.currentPeriodEnd,
    cancelAtPeriodEnd: row.cancelAtPeriodEnd,
    quantity: row.quantity,
  };
  switch (row.status) {
    case "past_due":
    case "unpaid":
    case "incomplete": {
      const since = row.pastDueSince ?? row.stripeUpdatedAt ?? now;
      const graceEndsAt = new Date(since.getTime() + PAST_DUE_GRACE_DAYS * DAY_MS);
      const over = now >= graceEndsAt;
      return { ...view, access: over ? "read_only" : "grace", readOnlyReason: over ? "past_due" : null, graceEndsAt };
    }
    case "canceled":
    case "incomplete_expired":
      return { ...view, access: "read_only", readOnlyReason: "canceled", graceEndsAt: null };
    case "paused":
      return { ...view, access: "read_only", readOnlyReason: "trial_ended", graceEndsAt: null };
    default:
      return { ...view, access: "full", readOnlyReason: null, graceEndsAt: null };
  }
}

async function payingOrg(db: Queryable, org: OrgRef): Promise<Pick<Organization, "id" | "slug" | "createdAt">> {
  if (!org.agencyOrgId) return org;
  const [agency] = await db
    .select({ id: organizations.id, slug: organizations.slug, createdAt: organizations.createdAt })
    .from(organizations)
    .where(eq(organizations.id, org.agencyOrgId));
  return agency ?? org;
}

/** Loads the organization by id first (for callers that hold only an id). */
export async function loadBillingStateById(db: Queryable, orgId: string, now: Date = new Date()): Promise<BillingState> {
  const [org] = await db
    .select({ id: organizations.id, slug: organizations.slug, createdAt: organizations.createdAt, agencyOrgId: organizations.agencyOrgId, isDemo: organizations.isDemo })
    .from(organizations)
    .where(eq(organizations.id, orgId));
  if (!org) throw new Error(`organization ${orgId} not found`);
  return loadBillingState(db, org, now);
}

import { desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { invoices, subscriptions, type Organization } from "@/db/schema";
import { loadBillingState, type BillingState } from "./billing-state";
import { billingConfig } from "./config";
import { limitKinds, paidPlanIds, plans, type LimitKind, type PaidPlanId, type Plan } from "./plans";
import { usageOf } from "./usage";

export type BillingOverview = {
  state: BillingState;
  usage: Record<LimitKind, { used: number; limit: number | null }>;
  /** Plans one can subscribe to (a Stripe Price is configured for them). */
  offers: (Plan & { id: PaidPlanId; current: boolean })[];
  /** Whether the org has a Stripe customer, so the portal can open. */
  hasCustomer: boolean;
  /** Whether a subscription exists that is not over: plan changes then go through the portal. */
  subscribed: boolean;
  /** Whether the org ever subscribed (only the first subscription starts with a trial). */
  hasSubscribedBefore: boolean;
  invoices: { id: string; number: string | null; status: string; amountDue: number; amountPaid: number; currency: string; hostedInvoiceUrl: string | null; invoicePdf: string | null; createdAt: Date }[];
};

/** Everything the billing page shows, from our database only. */
export async function loadBillingOverview(db: Db, org: Pick<Organization, "id" | "slug" | "createdAt" | "agencyOrgId" | "isDemo">): Promise<BillingOverview> {
  const state = await loadBillingState(db, org);
  const usage = Object.fromEntries(
    await Promise.all(limitKinds.map(async (kind) => [kind, { used: await usageOf(db, org.id, kind), limit: state.limits[kind] }] as const)),
  ) as BillingOverview["usage"];
  const config = billingConfig();
  const [row] = await db.select().from(subscriptions).where(eq(subscriptions.orgId, org.id));
  const list = await db
    .select({
      id: invoices.id,
      number: invoices.number,
      status: invoices.status,
      amountDue: invoices.amountDue,
      amountPaid: invoices.amountPaid,
      currency: invoices.currency,
      hostedInvoiceUrl: invoices.hostedInvoiceUrl,
      invoicePdf: invoices.invoicePdf,
      createdAt: invoices.createdAt,
    })
    .from(invoices)
    .where(eq(invoices.orgId, org.id))
    .orderBy(desc(invoices.createdAt))
    .limit(24);
  return {
    state,
    usage,
    offers: config ? paidPlanIds.filter((id) => config.priceIds[id]).map((id) => ({ ...plans[id], id, current: state.status !== null && state.plan === id })) : [],
    hasCustomer: Boolean(row?.stripeCustomerId),
    subscribed: state.status !== null && state.readOnlyReason !== "canceled",
    hasSubscribedBefore: Boolean(row?.stripeSubscriptionId),
    invoices: list,
  };
}

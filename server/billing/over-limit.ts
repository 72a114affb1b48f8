import type { Organization } from "@/db/schema";
import { loadBillingState, type Queryable } from "./billing-state";
import { limitKinds, type LimitKind } from "./plans";
import { usageOf } from "./usage";

/** A limit the organization is already past: after a downgrade, nothing is deleted, but nothing more can be added. */
export type OverLimit = { kind: LimitKind; used: number; limit: number };

/** The limits in `usage` that are exceeded (used > limit; exactly at the limit is full, not over). */
export function exceededLimits(usage: Partial<Record<LimitKind, { used: number; limit: number | null }>>): OverLimit[] {
  return limitKinds.flatMap((kind) => {
    const entry = usage[kind];
    return entry && entry.limit !== null && entry.used > entry.limit ? [{ kind, used: entry.used, limit: entry.limit }] : [];
  });
}

/**
 * Which of `kinds` the organization is over on its current plan (a plan switched to a smaller one keeps every
 * member and connection), and where to upgrade. Billing off: never over.
 */
export async function loadOverLimits(
  db: Queryable,
  org: Pick<Organization, "id" | "slug" | "createdAt" | "agencyOrgId" | "isDemo">,
  kinds: readonly LimitKind[] = limitKinds,
): Promise<{ over: OverLimit[]; billingUrl: string }> {
  const state = await loadBillingState(db, org);
  const usage = Object.fromEntries(
    await Promise.all(kinds.filter((kind) => state.limits[kind] !== null).map(async (kind) => [kind, { used: await usageOf(db, org.id, kind), limit: state.limits[kind] }] as const)),
  );
  return { over: exceededLimits(usage), billingUrl: state.billingUrl };
}

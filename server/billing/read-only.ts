import { eq } from "drizzle-orm";
import { organizations, type Organization } from "@/db/schema";
import { DomainError } from "@/server/errors";
import { loadBillingState, type Queryable } from "./billing-state";
import { billingEnabled } from "./config";

/**
 * Refuses a write while the org's billing makes it read-only (trial over, past due beyond the grace period,
 * cancelled). Data stays and can be viewed and exported; the owners can still pay.
 */
export async function assertBillingAllowsWrites(
  db: Queryable,
  org: Pick<Organization, "id" | "slug" | "createdAt" | "agencyOrgId" | "isDemo">,
  now: Date = new Date(),
): Promise<void> {
  if (!billingEnabled() || org.isDemo) return;
  const state = await loadBillingState(db, org, now);
  if (state.access === "read_only") {
    throw new DomainError("forbidden", `billing.readOnly.${state.readOnlyReason}`, undefined, { billingUrl: state.billingUrl });
  }
}

/** The same check for a caller that knows only the org's id (REST API keys). */
export async function assertBillingAllowsWritesById(db: Queryable, orgId: string, now: Date = new Date()): Promise<void> {
  if (!billingEnabled()) return;
  const [org] = await db.select().from(organizations).where(eq(organizations.id, orgId));
  if (org) await assertBillingAllowsWrites(db, org, now);
}

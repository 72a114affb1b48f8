import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { dataSources, deals, invitations, memberships, organizations, quotas } from "@/db/schema";
import { notFound } from "@/server/errors";

export const onboardingSteps = ["connectSource", "loadSampleData", "inviteTeammates", "setPlans"] as const;
export type OnboardingStepId = (typeof onboardingSteps)[number];

export type OnboardingStatus = { steps: { id: OnboardingStepId; done: boolean }[]; hasDeals: boolean };

/** Which first steps an organization has taken, read in one query. */
export async function getOnboardingStatus(db: Db, orgId: string): Promise<OnboardingStatus> {
  const [row] = await db
    .select({
      connectSource: sql<boolean>`exists (select 1 from ${dataSources} where ${dataSources.orgId} = ${orgId} and ${dataSources.kind} <> 'demo')`,
      loadSampleData: sql<boolean>`exists (select 1 from ${dataSources} where ${dataSources.orgId} = ${orgId} and ${dataSources.kind} = 'demo')`,
      inviteTeammates: sql<boolean>`(
        (select count(*) from ${memberships} where ${memberships.orgId} = ${orgId}) > 1
        or exists (select 1 from ${invitations} where ${invitations.orgId} = ${orgId} and ${invitations.acceptedAt} is null
          and ${invitations.revokedAt} is null and ${invitations.expiresAt} > now()))`,
      setPlans: sql<boolean>`exists (select 1 from ${quotas} where ${quotas.orgId} = ${orgId})`,
      hasDeals: sql<boolean>`exists (select 1 from ${deals} where ${deals.orgId} = ${orgId})`,
    })
    .from(organizations)
    .where(eq(organizations.id, orgId));
  if (!row) throw notFound();
  return { steps: onboardingSteps.map((id) => ({ id, done: row[id] })), hasDeals: row.hasDeals };
}

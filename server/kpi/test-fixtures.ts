import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  activities,
  channels,
  customers,
  dealOwnerEvents,
  deals,
  dealStageEvents,
  exchangeRates,
  funnelSteps,
  lossReasons,
  marketingDaily,
  orgHolidays,
  organizations,
  pipelines,
  quotas,
  reps,
  stages,
  teamMemberships,
  teams,
  type FunnelStep,
} from "@/db/schema";

type StageKey = FunnelStep | "unmapped";

export type DealSpec = {
  createdAt: string;
  /** Stages the deal moved through, in order, with the moment it entered each. */
  path: [StageKey, string][];
  status?: "open" | "won" | "lost";
  wonAt?: string;
  lostAt?: string;
  expectedCloseDate?: string;
  amount?: number;
  currency?: string;
  owner?: number;
  channel?: number;
  customer?: number;
  lossReason?: number;
  cost?: number;
  margin?: number;
  /** Owner changes: [from rep, to rep, at]. */
  ownerChanges?: [number | null, number | null, string][];
};

export type QuotaSpec = {
  scope: "rep" | "team" | "org";
  repId?: number;
  teamId?: number;
  periodKind?: "month" | "quarter";
  periodStart: string;
  target: number;
  metric?: string;
};

export type ActivitySpec = Omit<typeof activities.$inferInsert, "orgId" | "id" | "createdAt" | "scheduledAt" | "completedAt"> & {
  createdAt: string;
  scheduledAt?: string;
  completedAt?: string;
};

type OrgSpec = Omit<typeof organizations.$inferInsert, "name" | "id"> & { slug: string; timeZone: string; currency: string };

/**
 * A test organization with one pipeline that has a stage for every funnel step and one unmapped stage,
 * and helpers that insert reps, deals with their stage history, quotas and rates straight into the tables.
 */
export async function createSalesOrg(db: Db, org: OrgSpec) {
  const [created] = await db.insert(organizations).values({ name: org.slug, ...org }).returning({ id: organizations.id });
  const orgId = created!.id;
  const [pipeline] = await db.insert(pipelines).values({ orgId, name: "Sales" }).returning({ id: pipelines.id });
  const keys: StageKey[] = [...funnelSteps, "unmapped"];
  const stageRows = await db
    .insert(stages)
    .values(keys.map((key, position) => ({ orgId, pipelineId: pipeline!.id, name: key, position, funnelStep: key === "unmapped" ? null : key })))
    .returning({ id: stages.id, name: stages.name });
  const stageId = (key: StageKey) => stageRows.find((s) => s.name === key)!.id;

  return {
    orgId,
    async addTeam(name: string) {
      const [team] = await db.insert(teams).values({ orgId, name }).returning({ id: teams.id });
      return team!.id;
    },
    /** A rep, with team memberships [teamId, validFrom, validTo?]. */
    async addRep(name: string, memberships: [number, string, string?][] = []) {
      const [rep] = await db.insert(reps).values({ orgId, name }).returning({ id: reps.id });
      if (memberships.length > 0) {
        await db.insert(teamMemberships).values(
          memberships.map(([teamId, validFrom, validTo]) => ({ orgId, teamId, repId: rep!.id, validFrom, validTo: validTo ?? null })),
        );
      }
      return rep!.id;
    },
    async addDeal(spec: DealSpec) {
      const last = spec.path.at(-1);
      const [deal] = await db
        .insert(deals)
        .values({
          orgId,
          pipelineId: pipeline!.id,
          stageId: last ? stageId(last[0]) : null,
          ownerRepId: spec.owner ?? null,
          channelId: spec.channel ?? null,
          customerId: spec.customer ?? null,
          lossReasonId: spec.lossReason ?? null,
          amount: spec.amount ?? null,
          cost: spec.cost ?? null,
          margin: spec.margin ?? null,
          currency: spec.currency ?? null,
          status: spec.status ?? "open",
          createdAt: new Date(spec.createdAt),
          wonAt: spec.wonAt ? new Date(spec.wonAt) : null,
          lostAt: spec.lostAt ? new Date(spec.lostAt) : null,
          expectedCloseDate: spec.expectedCloseDate ?? null,
        })
        .returning({ id: deals.id });
      const dealId = deal!.id;
      if (spec.path.length > 0) {
        await db.insert(dealStageEvents).values(
          spec.path.map(([key, at], i) => ({
            orgId,
            dealId,
            fromStageId: i === 0 ? null : stageId(spec.path[i - 1]![0]),
            toStageId: stageId(key),
            at: new Date(at),
          })),
        );
      }
      if (spec.ownerChanges?.length) {
        await db
          .insert(dealOwnerEvents)
          .values(spec.ownerChanges.map(([fromRepId, toRepId, at]) => ({ orgId, dealId, fromRepId, toRepId, at: new Date(at) })));
      }
      return dealId;
    },
    async addChannel(name: string) {
      const [channel] = await db.insert(channels).values({ orgId, name }).returning({ id: channels.id });
      return channel!.id;
    },
    async addCustomer(name: string) {
      const [customer] = await db.insert(customers).values({ orgId, name }).returning({ id: customers.id });
      return customer!.id;
    },
    async addLossReason(name: string, winnable: boolean) {
      const [reason] = await db.insert(lossReasons).values({ orgId, name, winnable }).returning({ id: lossReasons.id });
      return reason!.id;
    },
    async addActivity(spec: ActivitySpec) {
      const at = (value: string | undefined) => (value ? new Date(value) : null);
      await db.insert(activities).values({ ...spec, orgId, createdAt: new Date(spec.createdAt), scheduledAt: at(spec.scheduledAt), completedAt: at(spec.completedAt) });
    },
    async addQuotas(specs: QuotaSpec[]) {
      await db.insert(quotas).values(
        specs.map((q) => ({
          orgId,
          metric: q.metric ?? "revenue_won",
          scope: q.scope,
          repId: q.repId ?? null,
          teamId: q.teamId ?? null,
          periodKind: q.periodKind ?? "month",
          periodStart: q.periodStart,
          target: q.target,
        })),
      );
    },
    async addRate(currency: string, day: string, rate: number) {
      await db.insert(exchangeRates).values({ orgId, currency, day, rate });
    },
    /** Spend and sessions of a channel on a day. */
    async addMarketingDay(channelId: number, day: string, spend: number, sessions: number) {
      await db.insert(marketingDaily).values({ orgId, channelId, day, spend, sessions });
    },
    async setChannelProvided(channelId: number, providedByCompany: boolean) {
      await db.update(channels).set({ providedByCompany }).where(and(eq(channels.orgId, orgId), eq(channels.id, channelId)));
    },
    async addHolidays(days: string[]) {
      await db.insert(orgHolidays).values(days.map((day) => ({ orgId, day })));
    },
  };
}

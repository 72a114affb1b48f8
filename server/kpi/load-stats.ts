import type { Db } from "@/db/client";
import { cohortQuery, type CohortQuery } from "./sql/cohort";
import { snapshotQuery, type SnapshotQuery } from "./sql/snapshot";
import { eventsQuery, type EventsQuery } from "./sql/events";
import { marketingQuery, type MarketingQuery } from "./sql/marketing";
import { emptyCohortStats, emptyEventStats, emptySnapshotStats, type EventStatsByKind } from "./results";
import type { CohortCounts, CohortStats, EventKind, MarketingStats, SnapshotStats } from "./types";

/** Stats of one period: the total and each breakdown group (keyed by the group's id or bucket, "" for none). */
export type PeriodStats<T> = { total: T; groups: Map<string, T> };
export type StatsByPeriod<T> = Map<string, PeriodStats<T>>;
/** Stats by org id (queries over a set of orgs). */
export type StatsByOrg<T> = Map<string, StatsByPeriod<T>>;

type GroupRow = { label: string; grp: string | null; is_total: boolean };
type OrgGroupRow = GroupRow & { org_id: string };

const periodsOf = <T>(byOrg: StatsByOrg<T>, orgId: string): StatsByPeriod<T> => {
  let periods = byOrg.get(orgId);
  if (!periods) byOrg.set(orgId, (periods = new Map()));
  return periods;
};

function slotFor<T>(byPeriod: StatsByPeriod<T>, row: GroupRow, empty: () => T): T {
  let period = byPeriod.get(row.label);
  if (!period) byPeriod.set(row.label, (period = { total: empty(), groups: new Map() }));
  if (row.is_total) return period.total;
  const key = row.grp ?? "";
  let group = period.groups.get(key);
  if (!group) period.groups.set(key, (group = empty()));
  return group;
}

type EventRow = OrgGroupRow & {
  kind: EventKind;
  by_reason: boolean;
  reason: string | null;
  n: number;
  amount_sum: number;
  amount_n: number;
  no_rate: number;
  without_amount: number;
  margin_sum: number;
  margin_base: number;
  without_margin: number;
  with_customer: number;
  customers: number;
  qualified_n: number;
  winnable_n: number;
  provided_qualified_n: number;
  self_qualified_n: number;
  delivered_n: number;
  opened_n: number;
  replied_n: number;
  positive_n: number;
  negative_n: number;
  talk_ratio_mean: number | null;
  talk_ratio_n: number;
  quality_mean: number | null;
  quality_n: number;
  days_mean: number | null;
  days_median: number | null;
};

/**
 * Runs the events query and folds its rows into stats per org, period, group and kind, with lost counts per reason.
 * An org without events has no entry.
 */
export async function loadEventStats(db: Db, query: EventsQuery): Promise<StatsByOrg<EventStatsByKind>> {
  const rows = await db.execute<EventRow>(eventsQuery(query));
  const byOrg: StatsByOrg<EventStatsByKind> = new Map();
  for (const row of rows) {
    const byKind = slotFor(periodsOf(byOrg, row.org_id), row, () => new Map());
    let stats = byKind.get(row.kind);
    if (!stats) byKind.set(row.kind, (stats = emptyEventStats()));
    if (row.by_reason) {
      if (row.reason !== null) stats.byReason[row.reason] = row.n;
      continue;
    }
    Object.assign(stats, {
      n: row.n,
      amountSum: row.amount_sum,
      amountN: row.amount_n,
      noRate: row.no_rate,
      withoutAmount: row.without_amount,
      marginSum: row.margin_sum,
      marginBase: row.margin_base,
      withoutMargin: row.without_margin,
      withCustomer: row.with_customer,
      customers: row.customers,
      qualifiedN: row.qualified_n,
      winnableN: row.winnable_n,
      providedQualifiedN: row.provided_qualified_n,
      selfQualifiedN: row.self_qualified_n,
      deliveredN: row.delivered_n,
      openedN: row.opened_n,
      repliedN: row.replied_n,
      positiveN: row.positive_n,
      negativeN: row.negative_n,
      talkRatioMean: row.talk_ratio_mean,
      talkRatioN: row.talk_ratio_n,
      qualityMean: row.quality_mean,
      qualityN: row.quality_n,
      daysMean: row.days_mean,
      daysMedian: row.days_median,
    });
    if (!query.medianKinds?.includes(row.kind) && !query.meansOnly) notComputed(stats, "daysMedian", "medians");
    if (query.withCustomers === false) notComputed(stats, "customers", "customers");
    if (query.withReasons === false) notComputed(stats, "byReason", "reasons");
  }
  return byOrg;
}

/** A metric that reads a measure the query was not asked for fails loudly instead of reading a wrong 0 or null. */
function notComputed(stats: object, measure: string, declaration: string) {
  Object.defineProperty(stats, measure, {
    get() {
      throw new Error(`events base: ${measure} was not computed; the metric's source must declare ${declaration}: true`);
    },
    enumerable: false,
  });
}

type CohortRow = OrgGroupRow & CohortCounts & { answered: number; response_mean: number | null; response_median: number | null; followed_up: number; followed_up_meeting: number };

/** Runs the cohort query: stats per org, period and group (an org without cohorts has no entry). */
export async function loadCohortStats(db: Db, query: CohortQuery): Promise<StatsByOrg<CohortStats>> {
  const rows = await db.execute<CohortRow>(cohortQuery(query));
  const byOrg: StatsByOrg<CohortStats> = new Map();
  for (const row of rows) {
    const slot = slotFor(periodsOf(byOrg, row.org_id), row, emptyCohortStats);
    const { lead, qualified, meeting_scheduled, meeting_held, proposal, won, fulfilled, answered } = row;
    Object.assign(slot, { lead, qualified, meeting_scheduled, meeting_held, proposal, won, fulfilled, answered });
    Object.assign(slot, { responseMean: row.response_mean, responseMedian: row.response_median, followedUp: row.followed_up, followedUpMeeting: row.followed_up_meeting });
  }
  return byOrg;
}

type SnapshotRow = GroupRow & { n: number; amount_sum: number; no_rate: number; without_amount: number; stale: number };

export async function loadSnapshotStats(db: Db, query: SnapshotQuery): Promise<StatsByPeriod<SnapshotStats>> {
  const rows = await db.execute<SnapshotRow>(snapshotQuery(query));
  const byPeriod: StatsByPeriod<SnapshotStats> = new Map();
  for (const row of rows) {
    Object.assign(slotFor(byPeriod, row, emptySnapshotStats), { n: row.n, amountSum: row.amount_sum, noRate: row.no_rate, withoutAmount: row.without_amount, stale: row.stale });
  }
  return byPeriod;
}

export async function loadMarketingStats(db: Db, query: MarketingQuery): Promise<StatsByPeriod<MarketingStats>> {
  const rows = await db.execute<GroupRow & MarketingStats>(marketingQuery(query));
  const byPeriod: StatsByPeriod<MarketingStats> = new Map();
  for (const row of rows) Object.assign(slotFor(byPeriod, row, () => ({ spend: 0, sessions: 0 })), { spend: row.spend, sessions: row.sessions });
  return byPeriod;
}

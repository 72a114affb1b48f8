import type { Db } from "@/db/client";
import { resolvePeriod } from "@/lib/periods";
import { loadOrgSettings } from "@/server/kpi/org-settings";
import { comparisonRange } from "@/server/kpi/periods";
import type { Breakdown, MetricFilters } from "@/server/kpi/request";
import type { PeriodInput } from "@/lib/periods";
import { recordSource } from "./metric-records";
import { recordsQuery } from "./records-query";

export const DRILLDOWN_PAGE_SIZE = 25;

export type DrilldownRecord = {
  /** The deal counted, or the activity's deal (null for an activity on no deal). */
  dealId: number | null;
  /** For activity metrics: the activity counted. */
  activity: { id: number; type: string; subject: string | null } | null;
  /** The moment the deal was counted: the event, or the snapshot. */
  at: Date;
  title: string | null;
  crmUrl: string | null;
  /** The deal's own amount and currency, and (won and open deals) the amount in the org currency the metric summed. */
  amount: number | null;
  currency: string | null;
  amountOrg: number | null;
  noRate: boolean;
  rep: string | null;
  pipeline: string | null;
  channel: string | null;
};

export type Drilldown =
  | { available: false }
  | {
      available: true;
      /** What the list holds: deals, or activities (with their deals). */
      kind: "deals" | "activities";
      currency: string;
      timeZone: string;
      total: number;
      page: number;
      pageSize: number;
      records: DrilldownRecord[];
    };

export type DrilldownRequest = {
  metric: string;
  period: PeriodInput;
  /** The comparison period's records instead of the period's. */
  comparison?: "previous_period" | "year_ago";
  filters?: MetricFilters;
  group?: { breakdown: Breakdown; key: string };
  page: number;
};

type Row = {
  deal_id: number | string | null;
  at: Date | string;
  title: string | null;
  crm_url: string | null;
  amount: number | null;
  currency: string | null;
  amount_org: number | null;
  no_rate: boolean;
  rep_name: string | null;
  pipeline_name: string | null;
  channel_name: string | null;
  activity_id: number | string | null;
  activity_type: string | null;
  activity_subject: string | null;
  total: number;
};

/**
 * The deals (or, for activity metrics, the activities) a metric counted for a period, filters and breakdown group,
 * a page at a time (kpi-catalog **Drill-down**). Their number is the metric's count (its numerator for a sum);
 * metrics without a record list
 * answer `available: false` and show their formula and inputs only.
 */
export async function listDrilldown(db: Db, orgId: string, request: DrilldownRequest, now: Date): Promise<Drilldown> {
  const org = await loadOrgSettings(db, orgId);
  const source = recordSource(request.metric, org.meetingCounting);
  if (!source) return { available: false };
  const period = resolvePeriod(request.period, org.timeZone, now);
  const range = request.comparison ? comparisonRange(period, request.comparison) : period.current;
  const rows = await db.execute<Row>(
    recordsQuery({
      org,
      source,
      range,
      now,
      filters: request.filters,
      group: request.group,
      limit: DRILLDOWN_PAGE_SIZE,
      offset: request.page * DRILLDOWN_PAGE_SIZE,
    }),
  );
  return {
    available: true,
    kind: source.base === "activities" ? "activities" : "deals",
    currency: org.currency,
    timeZone: org.timeZone,
    total: rows[0]?.total ?? 0,
    page: request.page,
    pageSize: DRILLDOWN_PAGE_SIZE,
    records: rows.map((row) => ({
      dealId: row.deal_id === null ? null : Number(row.deal_id),
      activity: row.activity_id === null ? null : { id: Number(row.activity_id), type: row.activity_type!, subject: row.activity_subject },
      at: new Date(row.at),
      title: row.title,
      crmUrl: row.crm_url,
      amount: row.amount,
      currency: row.currency,
      amountOrg: row.amount_org,
      noRate: row.no_rate,
      rep: row.rep_name,
      pipeline: row.pipeline_name,
      channel: row.channel_name,
    })),
  };
}

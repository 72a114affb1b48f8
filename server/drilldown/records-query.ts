import { sql, type SQL } from "drizzle-orm";
import type { OrgSettings } from "@/server/kpi/org-settings";
import type { Breakdown, MetricFilters } from "@/server/kpi/request";
import { breakdownKey, filterConditions, needsTeam, ownerAt, teamAt } from "@/server/kpi/sql/attribution";
import { boundsValues, inBounds } from "@/server/kpi/sql/bounds";
import { instantParam } from "@/server/kpi/sql/params";
import { activityEventAt } from "@/server/kpi/sql/events";
import { openDealsAt } from "@/server/kpi/sql/snapshot";
import { dealStepReach, reachedAtColumn } from "@/server/kpi/sql/step-reach";
import { lacksRate, rateOnOrBefore, toOrgCurrency } from "@/server/kpi/sql/won-deals";
import type { RecordSource } from "./metric-records";

export type RecordsQuery = {
  org: OrgSettings;
  source: RecordSource;
  range: { start: Date; end: Date };
  now: Date;
  filters?: MetricFilters;
  /** One breakdown group only: its key as the engine gives it ("" = none). */
  group?: { breakdown: Breakdown; key: string };
  limit: number;
  offset: number;
};

/** Deals with any moment in the period that can be an event: created, a stage entered, won or lost (superset). */
function candidateDeals(orgId: string): SQL {
  const dealsWhere = (column: string) =>
    sql`select x.id from deals x join bounds b on ${inBounds(sql`x.${sql.identifier(column)}`)} where x.org_id = ${orgId}`;
  return sql`d.id = any (array(
    select e.deal_id from deal_stage_events e join bounds b on ${inBounds(sql`e.at`)} where e.org_id = ${orgId}
    union ${dealsWhere("created_at")} union ${dealsWhere("won_at")} union ${dealsWhere("lost_at")}))`;
}

/** Events of one deal kind in the period, as the engine's events query places them (same reach moments and rates). */
function dealEventRows(org: OrgSettings, kind: Extract<RecordSource, { base: "events" }>["kind"]): SQL {
  const at = kind === "created" ? sql`r.created_at` : kind === "lost" ? sql`r.lost_at` : sql`r.${reachedAtColumn(kind)}`;
  const reached = dealStepReach(
    org.id,
    candidateDeals(org.id),
    [
      sql`d.pipeline_id, d.channel_id, d.owner_rep_id`,
      sql`case when d.amount <> 0 then ${toOrgCurrency(org, sql`d.amount`, sql`w.rate`)} end as amount_org`,
      sql`${lacksRate(org, sql`w.rate`)} as no_rate`,
    ],
    sql`left join lateral ${rateOnOrBefore(org, sql`d.won_at`, sql`d.status = 'won'`)} w on true`,
  );
  const won = kind === "won";
  return sql`
    with reached as (${reached})
    select r.deal_id, ${at} as at, r.pipeline_id, r.channel_id, r.owner_rep_id,
      ${won ? sql`r.amount_org` : sql`null::numeric`} as amount_org, ${won ? sql`r.no_rate` : sql`false`} as no_rate
    from reached r where ${at} is not null`;
}

/** Open deals at the snapshot (the period's end, or now), by the engine's snapshot rule (sql/snapshot.ts). */
function openDealRows(org: OrgSettings, now: Date): SQL {
  const at = sql`least(b.end_at, ${instantParam(now)})`;
  return sql`
    select d.id as deal_id, ${at} as at, d.pipeline_id, d.channel_id, d.owner_rep_id,
      case when d.amount <> 0 then ${toOrgCurrency(org, sql`d.amount`, sql`fx.rate`)} end as amount_org,
      ${lacksRate(org, sql`fx.rate`)} as no_rate
    from bounds b
    cross join lateral (${openDealsAt(org.id, at)}) d
    left join lateral ${rateOnOrBefore(org, at)} fx on true`;
}

/** Activity events of one kind in the period (the engine's activity moments), credited to the rep who performed them. */
function activityRows(orgId: string, kind: Extract<RecordSource, { base: "activities" }>["kind"]): SQL {
  return sql`
    select a.deal_id, k.at, d.pipeline_id, d.channel_id, a.rep_id as owner_rep_id, null::numeric as amount_org, false as no_rate,
      a.id as activity_id
    from activities a
    left join deals d on d.org_id = a.org_id and d.id = a.deal_id
    cross join lateral (select ${activityEventAt[kind]} as at) k
    join bounds b on ${inBounds(sql`k.at`)}
    where a.org_id = ${orgId}
      and greatest(a.created_at, a.scheduled_at, a.completed_at) >= b.start_at and least(a.created_at, a.scheduled_at, a.completed_at) < b.end_at`;
}

/**
 * The records behind a metric for one period, filters and (optionally) breakdown group: credited like the engine
 * (rep who owned the deal at the moment, that rep's team then), newest first, a page at a time, with the total.
 * Columns: deal_id, at, title, crm_url, amount, currency, amount_org, no_rate, rep_name, pipeline_name, channel_name,
 * activity_id, activity_type, activity_subject (activity records), total.
 */
export function recordsQuery({ org, source, range, now, filters, group, limit, offset }: RecordsQuery): SQL {
  const rows =
    source.base === "events" ? dealEventRows(org, source.kind) : source.base === "activities" ? activityRows(org.id, source.kind) : openDealRows(org, now);
  const activities = source.base === "activities";
  // Deal events count for the deal's owner at the moment; an activity for the rep who performed it.
  const repId = activities ? sql`e.owner_rep_id` : ownerAt(org.id, sql`e.deal_id`, sql`e.at`, sql`e.owner_rep_id`);
  const teamed = needsTeam(filters, group?.breakdown);
  const inGroup = group
    ? group.key === ""
      ? sql`${breakdownKey(org, group.breakdown)} is null`
      : sql`${breakdownKey(org, group.breakdown)} = ${group.key}`
    : sql`true`;
  return sql`
    with
      bounds (label, start_at, end_at) as (${boundsValues([{ label: "current", ...range }])}),
      events as (${activities ? rows : sql`select r.*, null::bigint as activity_id from (${rows}) r`}),
      -- Events must fall in the period; a snapshot is taken at its end (or now) whatever the period.
      in_period as materialized (select e.* from events e ${source.base === "events" ? sql`join bounds b on ${inBounds(sql`e.at`)}` : sql``}),
      placed as (select e.*, ${repId} as rep_id from in_period e),
      credited as (select c.*, ${teamed ? teamAt(org, sql`c.rep_id`, sql`c.at`) : sql`null::bigint`} as team_id from placed c),
      chosen as (select p.* from credited p where ${filterConditions(filters)} and ${inGroup})
    select p.deal_id, p.at, d.title, d.crm_url, d.amount::float8 as amount, d.currency, p.amount_org::float8 as amount_org, p.no_rate,
      r.name as rep_name, pl.name as pipeline_name, ch.name as channel_name,
      p.activity_id, a.type::text as activity_type, a.subject as activity_subject, count(*) over ()::int as total
    from chosen p
    ${activities ? sql`left` : sql``} join deals d on d.org_id = ${org.id} and d.id = p.deal_id
    left join activities a on a.org_id = ${org.id} and a.id = p.activity_id
    left join reps r on r.org_id = ${org.id} and r.id = p.rep_id
    left join pipelines pl on pl.org_id = ${org.id} and pl.id = p.pipeline_id
    left join channels ch on ch.org_id = ${org.id} and ch.id = p.channel_id
    order by p.at desc, p.deal_id desc, p.activity_id desc
    limit ${limit} offset ${offset}`;
}

import { sql, type SQL } from "drizzle-orm";
import type { OrgSettings } from "@/server/kpi/org-settings";
import type { Breakdown, MetricFilters } from "@/server/kpi/request";
import { breakdownKey, filterConditions, needsTeam, ownerAt, teamAt } from "@/server/kpi/sql/attribution";
import { boundsValues, inBounds } from "@/server/kpi/sql/bounds";
import { instantParam } from "@/server/kpi/sql/params";
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

/** Open deals at the snapshot (the period's end, or now), by the same rule as the engine's snapshot query. */
function openDealRows(org: OrgSettings, now: Date): SQL {
  return sql`
    select d.id as deal_id, s.at, d.pipeline_id, d.channel_id, d.owner_rep_id,
      case when d.amount <> 0 then ${toOrgCurrency(org, sql`d.amount`, sql`fx.rate`)} end as amount_org,
      ${lacksRate(org, sql`fx.rate`)} as no_rate
    from (select least(b.end_at, ${instantParam(now)}) as at from bounds b) s
    join deals d on d.org_id = ${org.id} and d.created_at < s.at
    left join lateral (
      select true as found, st.funnel_step from deal_stage_events e
      join stages st on st.org_id = e.org_id and st.id = e.to_stage_id
      where e.org_id = d.org_id and e.deal_id = d.id and e.at < s.at
      order by e.at desc, e.id desc limit 1
    ) stage on true
    left join lateral ${rateOnOrBefore(org, sql`s.at`)} fx on true
    where case
      when stage.found then stage.funnel_step is null or stage.funnel_step not in ('won', 'fulfilled', 'lost')
      else not (d.status = 'won' and (d.won_at is null or d.won_at < s.at))
        and not (d.status = 'lost' and (d.lost_at is null or d.lost_at < s.at))
    end`;
}

/**
 * The records behind a metric for one period, filters and (optionally) breakdown group: credited like the engine
 * (rep who owned the deal at the moment, that rep's team then), newest first, a page at a time, with the total.
 * Columns: deal_id, at, title, crm_url, amount, currency, amount_org, no_rate, rep_name, pipeline_name, channel_name, total.
 */
export function recordsQuery({ org, source, range, now, filters, group, limit, offset }: RecordsQuery): SQL {
  const rows = source.base === "events" ? dealEventRows(org, source.kind) : openDealRows(org, now);
  const teamed = needsTeam(filters, group?.breakdown);
  const inGroup = group
    ? group.key === ""
      ? sql`${breakdownKey(org, group.breakdown)} is null`
      : sql`${breakdownKey(org, group.breakdown)} = ${group.key}`
    : sql`true`;
  return sql`
    with
      bounds (label, start_at, end_at) as (${boundsValues([{ label: "current", ...range }])}),
      events as (${rows}),
      -- Events must fall in the period; a snapshot is taken at its end (or now) whatever the period.
      in_period as materialized (select e.* from events e ${source.base === "events" ? sql`join bounds b on ${inBounds(sql`e.at`)}` : sql``}),
      placed as (select e.*, ${ownerAt(org.id, sql`e.deal_id`, sql`e.at`, sql`e.owner_rep_id`)} as rep_id from in_period e),
      credited as (select c.*, ${teamed ? teamAt(org, sql`c.rep_id`, sql`c.at`) : sql`null::bigint`} as team_id from placed c),
      chosen as (select p.* from credited p where ${filterConditions(filters)} and ${inGroup})
    select p.deal_id, p.at, d.title, d.crm_url, d.amount::float8 as amount, d.currency, p.amount_org::float8 as amount_org, p.no_rate,
      r.name as rep_name, pl.name as pipeline_name, ch.name as channel_name, count(*) over ()::int as total
    from chosen p
    join deals d on d.org_id = ${org.id} and d.id = p.deal_id
    left join reps r on r.org_id = ${org.id} and r.id = p.rep_id
    left join pipelines pl on pl.org_id = ${org.id} and pl.id = p.pipeline_id
    left join channels ch on ch.org_id = ${org.id} and ch.id = p.channel_id
    order by p.at desc, p.deal_id desc
    limit ${limit} offset ${offset}`;
}

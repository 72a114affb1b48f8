import { sql, type SQL } from "drizzle-orm";
import type { OrgSettings } from "../org-settings";
import type { MetricFilters } from "../request";
import { creditedWithin, dealFilterConditions, filterConditions, mayBeCredited, needsRepCredit, needsTeam, ownerAt, teamThen } from "./attribution";
import { boundsValues, dayBoundsCte, inBounds, onPartialDay, partialDayRanges, wholeDayGroups, withinSpan, type LabelledRange } from "./bounds";
import { instantParam, intervalIn, textParam } from "./params";
import { openDealsAt } from "./snapshot";
import { lacksRate, ratesOnOrBefore, toOrgCurrency } from "./won-deals";

export type StagesQuery = {
  org: OrgSettings;
  ranges: LabelledRange[];
  filters?: MetricFilters;
  now: Date;
  /** stage_duration: also the median of the stays under way (no dashboard shows it; the API does). */
  stuckMedian?: boolean;
};

const days = (interval: SQL) => intervalIn("days", interval);

/**
 * Attribution of rows `c` (deal_id, at, owner_rep_id, pipeline_id, channel_id) for the filters: rep and team then
 * (on local day `rowDay` of the row where given, instead of at's).
 * Rows of deal_events carry their credited rep (`creditedRep`: its credited_rep_id column), which is not looked up.
 * The team comes from the statement's team_spans (teamThen; teamSpans puts them in its `with`).
 */
function credited(org: OrgSettings, filters: MetricFilters | undefined, rows: string, creditedRep = false, rowDay?: SQL): SQL {
  const repId = creditedRep ? sql`c.credited_rep_id` : needsRepCredit(filters, undefined) ? ownerAt(org.id, sql`c.deal_id`, sql`c.at`, sql`c.owner_rep_id`) : sql`c.owner_rep_id`;
  const team = teamThen(org, needsTeam(filters, undefined), rowDay);
  return sql`select p.* from (select c.*, ${team.column} from (select c.*, ${repId} as rep_id from ${sql.identifier(rows)} c) c ${team.join} ${team.fence}) p
    where ${filterConditions(filters)}`;
}

/** The team_spans CTE (and a comma) where the filters name teams; nothing otherwise. */
const teamSpans = (org: OrgSettings, filters: MetricFilters | undefined) => teamThen(org, needsTeam(filters, undefined)).spans;

/** Stage `alias` is not a closed one (won, fulfilled, lost): a deal in it can be stuck there. */
const openStage = (alias: string) => sql`(${sql.identifier(alias)}.funnel_step is null or ${sql.identifier(alias)}.funnel_step not in ('won', 'fulfilled', 'lost'))`;

const filtered = (filters: MetricFilters | undefined) =>
  Boolean(filters?.repIds?.length || filters?.teamIds?.length || filters?.pipelineIds?.length || filters?.channelIds?.length);

/**
 * stage_duration per period and stage (kpi-catalog): over deals that left the stage in the period, the days they
 * spent in it, all stays up to the period end added up; and "stuck so far": deals in the stage at the snapshot
 * (period end, or now), with their days in it until then. A stay ends when the deal enters its next stage. Read
 * from the deal_stage_stays rollup: a deal's last stay in the stage that ended in the period (its next stay there
 * did not end in the period), plus its earlier stays there (`prior`), is the sum; the stay that spans the snapshot
 * is the stuck one. The medians and the stuck stays are of the first range only (the current period: the comparison
 * shows its mean); each range has its counts and means.
 * Columns: label, stage_id, left_n, days_mean, days_median, stuck_n, stuck_mean, stuck_median.
 */
export function stageDurationQuery({ org, ranges, filters, now, stuckMedian = true }: StagesQuery): SQL {
  const detailed = textParam(ranges[0]!.label);
  const leftDay = sql`(t.left_at at time zone ${textParam(org.timeZone)})::date`;
  const seconds = sql`extract(epoch from t.prior + (t.left_at - t.entered_at))`;
  const stayFilters = (rep = sql`t.credited_rep_id`, pipeline = sql`t.pipeline_id`, channel = sql`t.channel_id`) =>
    sql`${creditedWithin(org.id, filters, rep)} and ${dealFilterConditions(filters, pipeline, channel)}`;
  return sql`
    with
      ${teamSpans(org, filters)}
      bounds (label, start_at, end_at) as (${boundsValues(ranges)}),
      ${dayBoundsCte(textParam(org.timeZone))},
      snapshots as (select b.label, least(b.end_at, ${instantParam(now)}) as snapshot_at from bounds b where b.label = ${detailed}),
      -- The stays that ended in a period (n of them, their seconds and days in the stage): on its whole days summed
      -- from deal_days, on its partial days one by one; and one by one those a later stay of the deal in the same stage
      -- ended after (deal_days leaves them out), which count when that later one did not end in the period.
      left_stays as (
        select b.label, r.day, r.stage_id, r.n, r.seconds_sum as seconds, r.days, nullif(r.pipeline_id, 0) as pipeline_id,
          nullif(r.channel_id, 0) as channel_id, nullif(r.credited_rep_id, 0) as credited_rep_id
        from day_bounds b ${wholeDayGroups(sql`${org.id}`, sql`'stay'`)}
        where ${stayFilters(sql`nullif(r.credited_rep_id, 0)`, sql`nullif(r.pipeline_id, 0)`, sql`nullif(r.channel_id, 0)`)}
        union all
        select b.label, ${leftDay}, t.stage_id, 1, ${seconds}, array[${days(sql`t.prior + (t.left_at - t.entered_at)`)}],
          t.pipeline_id, t.channel_id, t.credited_rep_id
        from day_bounds b ${partialDayRanges}
        join deal_stage_stays t on t.org_id = ${org.id} and t.left_at >= r.s and t.left_at < r.e
        where t.next_left_at is null and ${onPartialDay(leftDay)} and ${stayFilters()}
        union all
        select b.label, ${leftDay}, t.stage_id, 1, ${seconds}, array[${days(sql`t.prior + (t.left_at - t.entered_at)`)}],
          t.pipeline_id, t.channel_id, t.credited_rep_id
        from day_bounds b
        join deal_stage_stays t on t.org_id = ${org.id} and t.next_left_at is not null and t.left_at >= b.start_at and t.left_at < b.end_at
        where t.next_left_at >= b.end_at and ${stayFilters()}
      ),
      -- Per period: the stays under way at the snapshot (begun before it, not ended by then), outside closed stages
      -- (won, fulfilled and lost have no "so far"): those that ended at or after it (an index-only range from the
      -- snapshot on), and those under way now, in an open stage (deal_stage_stays_open_idx, a range per stage). Not
      -- materialized: only the current period has a snapshot here, and writing the 126,000 stays of a million-deal
      -- org to a CTE cost 36 ms.
      open_stays as (
        select t.deal_id, t.stage_id, t.entered_at, t.prior, t.pipeline_id, t.channel_id, t.owner_rep_id from stages st
        join deal_stage_stays t on t.org_id = st.org_id and t.stage_id = st.id and t.left_at is null
        where st.org_id = ${org.id} and ${openStage("st")}
          and ${mayBeCredited(org.id, filters, sql`t.owner_rep_id`, sql`t.deal_id`)} and ${dealFilterConditions(filters, sql`t.pipeline_id`, sql`t.channel_id`)}
      ),
      stuck_stays as (
        select s.label, t.deal_id, t.stage_id, s.snapshot_at as at, ${days(sql`t.prior + (s.snapshot_at - t.entered_at)`)} as stay_days,
          t.pipeline_id, t.channel_id, t.owner_rep_id
        from snapshots s
        cross join lateral (
          select t.deal_id, t.stage_id, t.entered_at, t.prior, t.pipeline_id, t.channel_id, t.owner_rep_id from deal_stage_stays t
          where t.org_id = ${org.id} and t.left_at >= s.snapshot_at and t.entered_at < s.snapshot_at
            and ${mayBeCredited(org.id, filters, sql`t.owner_rep_id`, sql`t.deal_id`)} and ${dealFilterConditions(filters, sql`t.pipeline_id`, sql`t.channel_id`)}
          union all
          select t.deal_id, t.stage_id, t.entered_at, t.prior, t.pipeline_id, t.channel_id, t.owner_rep_id from open_stays t where t.entered_at < s.snapshot_at
        ) t
        left join stages st on st.org_id = ${org.id} and st.id = t.stage_id
        where ${openStage("st")}
      ),
      -- A stay that ended is credited to the owner when it ended (credited_rep_id); one under way, to the owner at the snapshot.
      done as (${credited(org, filters, "left_stays", true, sql`c.day`)}),
      stuck as (${credited(org, filters, "stuck_stays")}),
      done_sums as (
        select p.label, p.stage_id, sum(p.n)::int as left_n, (sum(p.seconds) / sum(p.n) / 86400)::float8 as days_mean
        from done p group by grouping sets ((p.label, p.stage_id), (p.label))
      ),
      -- Each stage's median from its own values, and the total's: grouping sets sorted the month's 315,000 values by
      -- stage before each median sorted them again (a million deals: 333 -> 294 ms).
      done_medians as (
        select k.label, k.stage_id, m.days_median
        from (select distinct p.label, p.stage_id from done p where p.label = ${detailed}) k
        cross join lateral (
          select percentile_cont(0.5) within group (order by x.days)::float8 as days_median
          from (select unnest(p.days) as days from done p where p.label = k.label and p.stage_id = k.stage_id) x
        ) m
        union all
        select ${detailed}, null,
          (select percentile_cont(0.5) within group (order by x.days)::float8 from (select unnest(p.days) as days from done p where p.label = ${detailed}) x)
      ),
      done_stats as (
        select d.*, m.days_median from done_sums d left join done_medians m on m.label = d.label and m.stage_id is not distinct from d.stage_id
      ),
      stuck_stats as (
        select p.label, p.stage_id, count(*)::int as stuck_n, avg(p.stay_days)::float8 as stuck_mean,
          ${stuckMedian ? sql`percentile_cont(0.5) within group (order by p.stay_days)::float8` : sql`null::float8`} as stuck_median
        from stuck p group by p.label, p.stage_id
      )
    select k.label, k.stage_id, coalesce(d.left_n, 0) as left_n, d.days_mean, d.days_median,
      coalesce(s.stuck_n, 0) as stuck_n, s.stuck_mean, s.stuck_median
    from (select label, stage_id from done_stats where stage_id is not null union select label, stage_id from stuck_stats) k
    left join done_stats d on d.label = k.label and d.stage_id = k.stage_id
    left join stuck_stats s on s.label = k.label and s.stage_id = k.stage_id
    union all
    select d.label, null, d.left_n, d.days_mean, d.days_median, 0, null, null from done_stats d where d.stage_id is null`;
}

/**
 * conv_stage_to_stage per period (cohort: deals created in it, credited as created) and stage: deals that entered the
 * stage within the conversion window, and of those the ones that afterwards (still within the window) entered a later
 * stage of the same pipeline (higher position, not a lost stage). The cohort is a range of deal_events' created rows;
 * each deal's first entry into a stage and its first advance from there are the deal_stage_reach rollup's, compared
 * with the window here (unfiltered, counted by creation day in deal_days). Columns: label, stage_id, entered, advanced.
 */
export function stageConversionQuery({ org, ranges, filters }: StagesQuery): SQL {
  const window = sql`make_interval(days => ${org.conversionWindowDays}::int)`;
  const reachIn = (createdAt: SQL) => sql`r.org_id = ${org.id} and ${withinSpan(ranges, sql`r.deal_created_at`)} and r.entered_at < ${createdAt} + ${window}`;
  // Unfiltered, deal_days' reach rows are the cohort's entries counted by their deal's creation day (the stage_reach
  // rows of its partial days one by one); filtered, the cohort is credited first.
  const entries = filtered(filters)
    ? sql`
      cohort as (
        select b.label, d.deal_id, d.at, d.credited_rep_id, d.pipeline_id, d.channel_id
        from deal_events d join bounds b on ${inBounds(sql`d.at`)}
        where d.org_id = ${org.id} and d.kind = 'created' and ${withinSpan(ranges, sql`d.at`)}
          and ${creditedWithin(org.id, filters, sql`d.credited_rep_id`)}
      ),
      members as (${credited(org, filters, "cohort", true)}),
      entries as (
        select m.label, m.at, r.stage_id, r.advanced_at from members m
        join deal_stage_reach r on r.deal_id = m.deal_id and r.deal_created_at = m.at and ${reachIn(sql`m.at`)}
      )`
    : sql`
      counts as (
        select b.label, r.stage_id, r.n as entered, r.advanced_n as advanced
        from day_bounds b ${wholeDayGroups(sql`${org.id}`, sql`'reach'`)}
        union all
        select b.label, x.stage_id, 1, case when x.advanced_at < x.deal_created_at + ${window} then 1 else 0 end
        from day_bounds b ${partialDayRanges}
        join deal_stage_reach x on x.org_id = ${org.id} and x.deal_created_at >= r.s and x.deal_created_at < r.e
        where ${onPartialDay(sql`(x.deal_created_at at time zone ${textParam(org.timeZone)})::date`)}
          and x.entered_at < x.deal_created_at + ${window}
      )`;
  return sql`
    with
      ${teamSpans(org, filters)}
      bounds (label, start_at, end_at) as (${boundsValues(ranges)}),
      ${dayBoundsCte(textParam(org.timeZone))},
      ${entries}
    ${
      filtered(filters)
        ? sql`select x.label, x.stage_id, count(*)::int as entered, count(*) filter (where x.advanced_at < x.at + ${window})::int as advanced
    from entries x group by 1, 2`
        : sql`select x.label, x.stage_id, sum(x.entered)::int as entered, sum(x.advanced)::int as advanced from counts x group by 1, 2`
    }`;
}

/**
 * deals_by_stage per period: open deals at the snapshot (period end, or now) per stage they were in then (by
 * history; without history the deal's current stage), with their value in the org currency. Columns: label,
 * stage_id, n, amount_sum, no_rate, without_amount.
 */
export function dealsByStageQuery({ org, ranges, filters, now }: StagesQuery): SQL {
  return sql`
    with
      ${teamSpans(org, filters)}
      bounds (label, start_at, end_at) as (${boundsValues(ranges)}),
      snapshot_rates as (
        select b.label, r.currency, r.rate from bounds b
        cross join lateral ${ratesOnOrBefore(org, org.id, sql`least(b.end_at, ${instantParam(now)})`)} r
      ),
      open_deals as (
        select b.label, least(b.end_at, ${instantParam(now)}) as at, d.id as deal_id, d.owner_rep_id, d.pipeline_id, d.channel_id,
          d.stage_id,
          case when d.amount <> 0 then ${toOrgCurrency(org, sql`d.amount`, sql`fx.rate`)} end as amount_org,
          ${lacksRate(org, sql`fx.rate`)} as no_rate, (d.amount is null or d.amount = 0) as without_amount
        from bounds b
        cross join lateral (${openDealsAt(org.id, sql`least(b.end_at, ${instantParam(now)})`, { org: org.id, filters })}) d
        left join snapshot_rates fx on fx.label = b.label and fx.currency = d.currency
      ),
      kept as (${credited(org, filters, "open_deals")})
    select p.label, p.stage_id, count(*)::int as n, coalesce(sum(p.amount_org), 0)::float8 as amount_sum,
      count(*) filter (where p.no_rate)::int as no_rate, count(*) filter (where p.without_amount)::int as without_amount
    from kept p group by 1, 2`;
}

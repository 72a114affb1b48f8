import { sql, type SQL } from "drizzle-orm";
import type { OrgSettings } from "../org-settings";
import type { Breakdown, MetricFilters } from "../request";
import { breakdownKey, filterConditions, mayBeCredited, needsRepCredit, needsTeam, ownerAt, teamThen } from "./attribution";
import { boundsValues, type LabelledRange } from "./bounds";
import type { OrgRef } from "./org-set";
import { instantParam } from "./params";
import { lacksRate, ratesOnOrBefore, toOrgCurrency } from "./won-deals";

/** deal_facts row `alias`: the last stage the deal entered leaves it open (matches the partial index deal_facts_open_idx). */
export const lastStepOpen = (alias: string) =>
  sql`(${sql.identifier(alias)}.last_step is null or ${sql.identifier(alias)}.last_step not in ('won', 'fulfilled', 'lost'))`;

/**
 * Subquery (`deal_id`, `found`, `stage_id`, `funnel_step`): for the deals of the org whose stage history goes on at
 * or after `at`, the last stage each entered before `at` — its deal_stage_stays row spanning `at` (entered before it,
 * left at or after it); no row for a deal that entered none by then. Read one UTC day of leaving at a time, from
 * `at`'s to the last stay's, each the stays entered before `at` (deal_stage_stays_left_day_idx; offset 0 keeps the
 * planner from the left_at range, which reads every stay left since `at`).
 */
const stayAt = (orgId: string | SQL, at: SQL) => sql`(
  select t.deal_id, true as found, t.stage_id, st.funnel_step
  from generate_series((${at} at time zone 'UTC')::date::timestamp,
    (select (max(x.left_at) at time zone 'UTC')::date::timestamp from deal_stage_stays x where x.org_id = ${orgId} and x.left_at is not null),
    interval '1 day') g(day)
  cross join lateral (
    select t.deal_id, t.stage_id, t.left_at from deal_stage_stays t
    where t.org_id = ${orgId} and t.left_at is not null and (t.left_at at time zone 'UTC')::date = g.day::date and t.entered_at < ${at}
    offset 0
  ) t
  join stages st on st.org_id = ${orgId} and st.id = t.stage_id
  where t.left_at >= ${at}
)`;

/**
 * Deal `d` (with `stage` = stayAt(at)) is open at `at` (kpi-catalog **Snapshots**): by the last stage
 * entered before it, not won, fulfilled or lost; without stage history by then, by the deal's outcome and close times.
 */
const openAt = (at: SQL) => sql`case
  when stage.found then stage.funnel_step is null or stage.funnel_step not in ('won', 'fulfilled', 'lost')
  else not (d.status = 'won' and (d.won_at is null or d.won_at < ${at}))
    and not (d.status = 'lost' and (d.lost_at is null or d.lost_at < ${at}))
end`;

/** The rep and team filters of a snapshot, for a first cut of the open deals (mayBeCredited) before each is looked at. */
export type OpenDealsCut = { org: string | OrgRef; filters: MetricFilters | undefined };

/**
 * Subquery (for a lateral join, alias `d`): the deals of org `orgId` open at `at` by the rule of openAt, with
 * columns org_id, id, created_at, pipeline_id, channel_id, owner_rep_id, amount, currency, expected_close_date,
 * `found` (the deal had entered a stage before `at`), `stage_id` (that last stage, else the deal's current stage)
 * and `qualified_at` (deal_facts'). Both from deal_open_spans: deals whose last stage change came before `at` are one
 * index range of their open spans; those with stage history at or after `at` another (by their last stage change),
 * each with its stay then looked up. With `cut`, only the deals that may be credited to its reps or teams (a
 * superset: the caller filters attributed rows exactly).
 * `at` may name columns of the outer query, but not of aliases `sp`, `d`, `stage`, `g`, `t`, `x`, `st` or `o` used here.
 */
export const openDealsAt = (orgId: string | SQL, at: SQL, cut?: OpenDealsCut) => sql`
  select sp.org_id, sp.deal_id as id, sp.deal_created_at as created_at, sp.pipeline_id, sp.channel_id, sp.owner_rep_id, sp.amount, sp.currency,
    sp.expected_close_date, sp.has_history as found, sp.stage_id, sp.qualified_at
  from deal_open_spans sp
  where sp.org_id = ${orgId} and sp.since < ${at} and (sp.until is null or sp.until >= ${at}) and sp.deal_created_at < ${at}
    and ${cut ? mayBeCredited(cut.org, cut.filters, sql`sp.owner_rep_id`, sql`sp.deal_id`) : sql`true`}
  union all
  select d.org_id, d.deal_id, d.deal_created_at, d.pipeline_id, d.channel_id, d.owner_rep_id, d.amount, d.currency,
    d.expected_close_date, coalesce(stage.found, false), case when stage.found then stage.stage_id else d.deal_stage_id end, d.qualified_at
  from deal_open_spans d
  left join ${stayAt(orgId, at)} stage on stage.deal_id = d.deal_id
  where d.org_id = ${orgId} and d.last_stage_at >= ${at} and d.deal_created_at < ${at}
    and ${cut ? mayBeCredited(cut.org, cut.filters, sql`d.owner_rep_id`, sql`d.deal_id`) : sql`true`} and ${openAt(at)}`;

export type SnapshotQuery = {
  org: OrgSettings;
  ranges: LabelledRange[];
  now: Date;
  filters?: MetricFilters;
  breakdown?: Breakdown;
  /** Also count stale deals: no activity (or, without any, no creation) in the org's stale-deal days before the snapshot. */
  withStale?: boolean;
};

/**
 * Open deals at each period's snapshot moment (its end, or now if it reaches the present; kpi-catalog **Snapshots**):
 * created before it and, by the last stage entered before it, not won, fulfilled or lost; without stage history,
 * by the deal's outcome and close times. Credited to the owner then and that owner's team then; amounts in the
 * org currency at the latest rate on or before the snapshot. Columns: label, grp, is_total, n, amount_sum,
 * no_rate, without_amount. Time-bucket breakdowns are not offered for snapshots.
 */
export function snapshotQuery({ org, ranges, now, filters, breakdown, withStale }: SnapshotQuery): SQL {
  const lastContact = sql`coalesce((select max(coalesce(a.completed_at, a.created_at)) from activities a
    where a.org_id = d.org_id and a.deal_id = d.id and coalesce(a.completed_at, a.created_at) < s.at), d.created_at)`;
  const stale = withStale ? sql`${lastContact} < s.at - make_interval(days => ${org.staleDealDays}::int)` : sql`false`;
  const byEntity = breakdown === "rep" || breakdown === "team" || breakdown === "pipeline" || breakdown === "channel" ? breakdown : undefined;
  const repId = needsRepCredit(filters, byEntity) ? ownerAt(org.id, sql`d.id`, sql`s.at`, sql`d.owner_rep_id`) : sql`d.owner_rep_id`;
  const team = teamThen(org, needsTeam(filters, byEntity));
  return sql`
    with
      bounds (label, start_at, end_at) as (${boundsValues(ranges)}),
      ${team.spans}
      snapshots as (select b.label, least(b.end_at, ${instantParam(now)}) as at from bounds b),
      snapshot_rates as (select s.label, r.currency, r.rate from snapshots s cross join lateral ${ratesOnOrBefore(org, org.id, sql`s.at`)} r),
      open_deals as (
        select s.label, s.at, d.id as deal_id, d.pipeline_id, d.channel_id, ${repId} as rep_id,
          case when d.amount <> 0 then ${toOrgCurrency(org, sql`d.amount`, sql`fx.rate`)} end as amount_org,
          ${lacksRate(org, sql`fx.rate`)} as no_rate,
          (d.amount is null or d.amount = 0) as without_amount,
          ${stale} as stale
        from snapshots s
        cross join lateral (${openDealsAt(org.id, sql`s.at`, { org: org.id, filters })}) d
        left join snapshot_rates fx on fx.label = s.label and fx.currency = d.currency
      ),
      credited as (select c.*, ${team.column} from open_deals c ${team.join} ${team.fence}),
      grouped as (select p.*, ${breakdownKey(org, byEntity)} as grp from credited p where ${filterConditions(filters)})
    select p.label, ${byEntity ? sql`p.grp, grouping(p.grp) = 1` : sql`null::text as grp, true`} as is_total,
      count(*)::int as n,
      coalesce(sum(p.amount_org), 0)::float8 as amount_sum,
      count(*) filter (where p.no_rate)::int as no_rate,
      count(*) filter (where p.without_amount)::int as without_amount,
      count(*) filter (where p.stale)::int as stale
    from grouped p
    group by ${byEntity ? sql`grouping sets ((p.label), (p.label, p.grp))` : sql`p.label`}`;
}

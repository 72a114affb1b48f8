import { sql, type SQL } from "drizzle-orm";
import type { OrgSettings } from "../org-settings";
import type { Breakdown, MetricFilters } from "../request";
import { breakdownKey, filterConditions, needsRepCredit, needsTeam, ownerAt, teamThen } from "./attribution";
import { boundsValues, inBounds, type LabelledRange } from "./bounds";
import { instantParam, textParam } from "./params";
import { rateOnOrBefore, toOrgCurrency } from "./won-deals";

export type CustomersQuery = {
  org: OrgSettings;
  ranges: LabelledRange[];
  filters?: MetricFilters;
  breakdown?: Breakdown;
  now: Date;
  /** The kinds of rows to compute (below): each reads its own wins, customers or activities. */
  kinds: ReadonlySet<CustomerRowKind>;
};

export type CustomerRowKind = "new" | "repeat" | "retention" | "abc" | "acquisition";

/**
 * Won deals from the deal_events rollup (its `won` rows: deals whose outcome is won, with their won time), aliased `d`
 * for the currency helpers, with their amount in the org currency at the rate of the won day as `amount_org` (null
 * without an amount or a rate). A churned customer's lifetime revenue reads them: deal_events_customer_won_idx holds
 * the amounts, so its wins are one index-only range by customer (customer_wins' index by customer holds none).
 */
const eventWins = (org: OrgSettings, where: SQL) => sql`
  select d.deal_id, d.customer_id, d.at as won_at, d.owner_rep_id, d.pipeline_id, d.channel_id,
    case when d.amount <> 0 then ${toOrgCurrency(org, sql`d.amount`, sql`fx.rate`)} end as amount_org
  from deal_events d left join lateral ${rateOnOrBefore(org, sql`d.at`)} fx on true
  where d.org_id = ${org.id} and d.kind = 'won' and d.customer_id is not null and ${where}`;

/**
 * Lateral subquery `d`: the org's customer_wins rows won in [from, to), one index range per outer row (offset 0: not
 * flattened into one scan of the whole span joined to the periods).
 */
const winsWithin = (org: OrgSettings, from: SQL, to: SQL) => sql`lateral (
    select * from customer_wins d where d.org_id = ${org.id} and d.won_at >= ${from} and d.won_at < ${to} offset 0
  ) d`;

/** Customer `d.customer_id` won a deal in [from, to) (customer_wins_customer_idx). */
const wonWithin = (org: OrgSettings, from: SQL, to: SQL) => sql`exists (
    select 1 from customer_wins l where l.org_id = ${org.id} and l.customer_id = d.customer_id and l.won_at >= ${from} and l.won_at < ${to}
  )`;

/**
 * Attribute rows `c` (deal_id, at, owner_rep_id, pipeline_id, channel_id), filter them and key them by the breakdown.
 * A deal's row is credited to the deal's owner at `at` ("owner": looked up; "credited": the row's credited_rep_id, the
 * owner then as deal_events keeps it); an activity's row ("performer") to the rep in its performer_rep_id, who
 * performed the activity.
 */
function grouped(
  org: OrgSettings,
  filters: MetricFilters | undefined,
  breakdown: Breakdown | undefined,
  rows: string,
  credit: "owner" | "credited" | "performer" = "owner",
  rowDay?: SQL,
): SQL {
  const repId =
    credit === "performer"
      ? sql`c.performer_rep_id`
      : credit === "credited"
        ? sql`c.credited_rep_id`
        : needsRepCredit(filters, breakdown)
          ? ownerAt(org.id, sql`c.deal_id`, sql`c.at`, sql`c.owner_rep_id`)
          : sql`c.owner_rep_id`;
  const team = teamThen(org, needsTeam(filters, breakdown), rowDay);
  return sql`select p.*, ${breakdownKey(org, breakdown)} as grp
    from (select c.*, ${team.column} from (select c.*, ${repId} as rep_id from ${sql.identifier(rows)} c) c ${team.join} ${team.fence}) p
    where ${filterConditions(filters)}`;
}

const groupBy = (breakdown: Breakdown | undefined) => (breakdown ? sql`grouping sets ((p.label), (p.label, p.grp))` : sql`p.label`);
/** Acquisition rows also per first-contact method (`method`, null in the rows over all methods). */
const groupByMethod = (breakdown: Breakdown | undefined) =>
  breakdown
    ? sql`grouping sets ((p.label), (p.label, p.method), (p.label, p.grp), (p.label, p.grp, p.method))`
    : sql`grouping sets ((p.label), (p.label, p.method))`;
const groupColumns = (breakdown: Breakdown | undefined) => (breakdown ? sql`p.grp, grouping(p.grp) = 1 as is_total` : sql`null::text as grp, true as is_total`);

/**
 * The customers active at `range`'s start (its label's rows of the retention CTE): their last win before it (won in the
 * churn window before the start, next win not before it), which credits the customer, per credited rep, pipeline,
 * channel and `day` (n), with how many are still active at the end, or now (retained_n), and the lifetime revenue until
 * then of the others (churned). Still active: that win is within the window before the end, or a later win is (the
 * next one, else looked up); for a period not begun yet, a win before now within the window before its start.
 */
function activeAtStart(org: OrgSettings, range: LabelledRange, now: Date, day: SQL): SQL {
  const window = sql`make_interval(days => ${org.churnWindowDays}::int)`;
  const start = instantParam(range.start);
  const untilDate = new Date(Math.min(range.end.getTime(), now.getTime()));
  const until = instantParam(untilDate);
  const retained =
    untilDate >= range.start
      ? sql`d.won_at >= ${until} - ${window} or (d.next_won_at < ${until}
          and (d.next_won_at >= ${until} - ${window} or ${wonWithin(org, sql`${until} - ${window}`, until)}))`
      : sql`d.won_at < ${until} or ${wonWithin(org, sql`${start} - ${window}`, until)}`;
  return sql`
        select ${textParam(range.label)} as label, a.credited_rep_id, a.pipeline_id, a.channel_id, a.day,
          count(*) as n, count(*) filter (where a.retained) as retained_n,
          sum(case when not a.retained then (
            select coalesce(sum(l.amount_org), 0) from (${eventWins(org, sql`d.customer_id = a.customer_id and d.at < ${until}`)}) l
          ) end) as lifetime
        from (
          select d.customer_id, d.credited_rep_id, d.pipeline_id, d.channel_id, ${day} as day, (${retained}) is true as retained
          from customer_wins d
          where d.org_id = ${org.id} and d.won_at >= ${start} - ${window} and d.won_at < ${start} and (d.next_won_at is null or d.next_won_at >= ${start})
        ) a
        group by a.credited_rep_id, a.pipeline_id, a.channel_id, a.day`;
}

/**
 * Customer measures per period (kpi-catalog **Customers**), in total and per breakdown group. A customer is active
 * at t with a won deal in the churn window before t. Wins come from customer_wins (each with its customer's next win).
 * Rows (kind):
 * - 'new': customers whose first won deal is in the period, credited as that deal's win (n);
 * - 'repeat': won deals in the period of customers with an earlier won deal (n, amount);
 * - 'retention': customers active at the period start (n) and of them still active at its end, or now (retained),
 *   credited to the owner of their last won deal before the start; churned ones with their lifetime revenue (amount);
 * - 'abc': customers with revenue in the period by class A/B/C (kpi-catalog abc_customers) in `class`, n and amount;
 * - 'acquisition' (when asked): prospects contacted in the period (n) and of them the new customers (retained), in
 *   total (class null) and per first-contact method in `class` (see acquisitionCtes).
 */
export function customersQuery({ org, ranges, filters, breakdown, now, kinds }: CustomersQuery): SQL {
  const byEntity = breakdown === "rep" || breakdown === "team" || breakdown === "pipeline" || breakdown === "channel" ? breakdown : undefined;
  // The local day of the credited win where the team then is asked for (it is the team's day), else none.
  const retentionDay = needsTeam(filters, byEntity) ? sql`(d.won_at at time zone ${textParam(org.timeZone)})::date` : sql`null::date`;
  return sql`
    with
      bounds (label, start_at, end_at) as (${boundsValues(ranges)}),
      ${teamThen(org, needsTeam(filters, breakdown)).spans}
      in_period as (
        select b.label, d.deal_id, d.customer_id, d.won_at as at, d.owner_rep_id, d.credited_rep_id, d.pipeline_id, d.channel_id, d.first_win,
          case when d.amount <> 0 then ${toOrgCurrency(org, sql`d.amount`, sql`fx.rate`)} end as amount_org
        from bounds b cross join ${winsWithin(org, sql`b.start_at`, sql`b.end_at`)}
        left join lateral ${rateOnOrBefore(org, sql`d.won_at`)} fx on true
      ),
      firsts as (select * from in_period where first_win),
      repeats as (select * from in_period where not first_win),
      -- Per period, the customers active at its start, counted per credit (and local day of the credited win, for
      -- the team then) before attribution: a period start has as many of them as a year of wins (122,000 at a million
      -- deals), attributed one by one they cost more than finding them. One branch per period, its moments as values,
      -- so the planner knows how many rows its range holds (taken from the bounds, it guessed a few hundred and sorted
      -- them all by label).
      retention as (${sql.join(ranges.map((range) => activeAtStart(org, range, now, retentionDay)), sql`
        union all `)}
      ),
      revenue as (
        select w.label, w.customer_id, sum(w.amount_org) as amount, min(w.deal_id) as deal_id, min(w.at) as at,
          min(w.owner_rep_id) as owner_rep_id, min(w.pipeline_id) as pipeline_id, min(w.channel_id) as channel_id
        from in_period w where w.amount_org > 0
        group by w.label, w.customer_id
      ),
      ranked as (
        select r.*, coalesce(sum(r.amount) over (partition by r.label order by r.amount desc, r.customer_id rows between unbounded preceding and 1 preceding), 0) as before,
          sum(r.amount) over (partition by r.label) as total
        from revenue r
      ),
      classes as (select r.*, case when r.before < 0.8 * r.total then 'A' when r.before < 0.95 * r.total then 'B' else 'C' end as class from ranked r),
      g_new as (${grouped(org, filters, breakdown, "firsts", "credited")}),
      g_repeat as (${grouped(org, filters, breakdown, "repeats", "credited")}),
      g_retention as (${grouped(org, filters, byEntity, "retention", "credited", sql`c.day`)}),
      g_abc as (${grouped(org, filters, undefined, "classes")})${kinds.has("acquisition") ? sql`,
      ${acquisitionCtes(org)},
      g_acquisition as (${grouped(org, filters, breakdown, "prospects", "performer")})` : sql``}
    ${sql.join(
      [
        ...(kinds.has("new") ? [sql`select 'new' as kind, p.label, ${groupColumns(breakdown)}, null::text as class, count(distinct p.customer_id)::int as n,
      0::float8 as amount, 0 as retained
    from g_new p group by ${groupBy(breakdown)}`] : []),
        ...(kinds.has("repeat") ? [sql`select 'repeat' as kind, p.label, ${groupColumns(breakdown)}, null::text as class, count(*)::int as n,
      coalesce(sum(p.amount_org), 0)::float8 as amount, 0 as retained
    from g_repeat p group by ${groupBy(breakdown)}`] : []),
        ...(kinds.has("retention") ? [sql`select 'retention' as kind, p.label, ${groupColumns(byEntity)}, null::text as class, sum(p.n)::int as n,
      coalesce(sum(p.lifetime), 0)::float8 as amount, sum(p.retained_n)::int as retained
    from g_retention p group by ${groupBy(byEntity)}`] : []),
        ...(kinds.has("abc") ? [sql`select 'abc' as kind, p.label, null::text as grp, true as is_total, p.class, count(*)::int as n,
      coalesce(sum(p.amount), 0)::float8 as amount, 0 as retained
    from g_abc p group by p.label, p.class`] : []),
        ...(kinds.has("acquisition") ? [sql`select 'acquisition' as kind, p.label, ${groupColumns(breakdown)}, p.method as class, count(*)::int as n,
      0::float8 as amount, count(*) filter (where p.won_first)::int as retained
    from g_acquisition p group by ${groupByMethod(breakdown)}`] : []),
      ],
      sql`
    union all
    `,
    )}`;
}

/**
 * customer_acquisition_rate's rows (kpi-catalog **Activity**):
 * - contacts: outbound contacts with a customer, through the activity's deal: completed calls and e-mails that are
 *   not inbound, and meetings and demos that took place (completed, not marked as not held; as meetings_count and
 *   demos_count count them), each with its first-contact method: e-mail, cold call (a call), in person (a meeting or
 *   a demo);
 * - prospects: per period, the customers contacted in it that had no won deal before its start, once each, placed at
 *   their first contact in the period (its rep, its deal's pipeline and channel), with the method of their first
 *   contact ever and whether their first won deal falls in the period (won_first: a new customer, as customers_new).
 * The new customers are a subset of the prospects, so the rate never exceeds 100%.
 */
function acquisitionCtes(org: OrgSettings): SQL {
  const method = sql`case a.type when 'email' then 'email' when 'call' then 'cold_call' else 'in_person' end`;
  // One pass over the contacts, each carrying its customer's first method and first win (the first won_at of its won
  // deals, as the won CTE's first): joins to CTEs or grouped subqueries were planned as nested loops, taking tens
  // of seconds on the demo company.
  return sql`contacts as materialized (
        select a.id, a.rep_id, a.deal_id, a.completed_at as at, d.customer_id, d.pipeline_id, d.channel_id,
          first_value(${method}) over (partition by d.customer_id order by a.completed_at, a.id) as method, d.first_won_at
        from (
          select d.id, d.customer_id, d.pipeline_id, d.channel_id,
            min(d.won_at) filter (where d.status = 'won') over (partition by d.customer_id) as first_won_at
          from deals d where d.org_id = ${org.id} and d.customer_id is not null
        ) d
        join activities a on a.org_id = ${org.id} and a.deal_id = d.id
        where a.completed_at is not null and a.type in ('call', 'email', 'meeting', 'demo')
          and case when a.type in ('call', 'email') then a.direction is distinct from 'inbound' else a.meeting_held is distinct from false end
      ),
      prospects as (
        select distinct on (b.label, c.customer_id) b.label, c.customer_id, c.deal_id, c.at, c.rep_id as performer_rep_id,
          c.pipeline_id, c.channel_id, c.method, coalesce(c.first_won_at < b.end_at, false) as won_first
        from contacts c
        join bounds b on ${inBounds(sql`c.at`)}
        where c.first_won_at is null or c.first_won_at >= b.start_at
        order by b.label, c.customer_id, c.at, c.id
      )`;
}

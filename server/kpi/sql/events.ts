import { sql, type SQL } from "drizzle-orm";
import type { Breakdown, MetricFilters } from "../request";
import { activityEventKinds, type EventKind } from "../types";
import { breakdownKey, creditedWithin, dealFilterConditions, filterConditions, mayBeCredited, needsTeam, teamThen } from "./attribution";
import { inBounds, orgBoundsCte } from "./bounds";
import { orgRefOf, orgSetOf, orgSettingsCte, type OrgRef, type OrgScope } from "./org-set";
import { intervalIn, textParam } from "./params";
import { lacksRate, rateOnOrBefore, toOrgCurrency } from "./won-deals";

type ActivityKind = (typeof activityEventKinds)[number];
type DealKind = Exclude<EventKind, ActivityKind>;
const isActivityKind = (kind: EventKind): kind is ActivityKind => (activityEventKinds as readonly string[]).includes(kind);

/**
 * The moment of each activity event kind on activity `a`, null when the activity is not that kind of event.
 * Calls and e-mails count when done (completed) and not inbound; a meeting or a demo counts when it took place.
 */
export const activityEventAt: Record<ActivityKind, SQL> = {
  call: sql`case when a.type = 'call' and a.direction is distinct from 'inbound' then a.completed_at end`,
  email: sql`case when a.type = 'email' and a.direction is distinct from 'inbound' then a.completed_at end`,
  meeting: sql`case when a.type = 'meeting' and a.meeting_held is distinct from false then a.completed_at end`,
  demo: sql`case when a.type = 'demo' and a.meeting_held is distinct from false then a.completed_at end`,
  // Where an org counts its key meetings from activities, a demo is one too (kpi-catalog funnel step meeting_scheduled:
  // "meeting, site measurement, demo").
  meeting_booked: sql`case when a.type in ('meeting', 'demo') then a.created_at end`,
  meeting_attended: sql`case when a.type in ('meeting', 'demo') and a.meeting_held then coalesce(a.completed_at, a.scheduled_at) end`,
  // A held meeting on a deal that already had a held meeting before it.
  follow_up_meeting: sql`case when a.type = 'meeting' and a.meeting_held and a.deal_id is not null and exists (
      select 1 from activities b where b.org_id = a.org_id and b.deal_id = a.deal_id and b.type = 'meeting' and b.meeting_held
        and (coalesce(b.completed_at, b.scheduled_at), b.id) < (coalesce(a.completed_at, a.scheduled_at), a.id))
    then coalesce(a.completed_at, a.scheduled_at) end`,
};

/** E-mail tracking and call review fields of activity events (null on deal events). */
const activityFields = sql`a.email_delivered as delivered, a.email_opened as opened, a.email_replied as replied,
  a.reply_sentiment::text as sentiment,
  case when a.talk_seconds + a.listen_seconds > 0 then a.talk_seconds::float8 / (a.talk_seconds + a.listen_seconds) end as talk_ratio,
  a.quality_score::float8 as quality`;
const noActivityFields = sql`null::boolean as delivered, null::boolean as opened, null::boolean as replied, null::text as sentiment,
  null::float8 as talk_ratio, null::float8 as quality`;

const kindValues = (kinds: { kind: string; at: SQL }[]) =>
  sql`(values ${sql.join(kinds.map(({ kind, at }) => sql`(${textParam(kind)}, ${at})`), sql`, `)}) k(kind, at)`;

/**
 * The deal events of `kinds` in some period of their org, from the deal_events rollup (one index range per org and
 * kind), credited to the owner then (credited_rep_id), with amounts in the org currency at the won day's rate (read
 * at query time: a rate imported later counts).
 */
function dealEvents(org: OrgRef, kinds: DealKind[], filters: MetricFilters | undefined): SQL {
  const won = sql`d.kind = 'won'`;
  return sql`
    select d.org_id, d.deal_id, d.kind, d.at, d.deal_created_at, d.pipeline_id, d.channel_id, d.credited_rep_id as rep_id, d.customer_id,
      d.qualified, d.loss_reason_id, d.winnable,
      case when d.amount <> 0 then ${toOrgCurrency(org, sql`d.amount`, sql`w.rate`)} end as amount_org,
      ${won} and ${lacksRate(org, sql`w.rate`)} as no_rate,
      ${won} and (d.amount is null or d.amount = 0) as without_amount,
      case when d.amount <> 0 then ${toOrgCurrency(org, sql`d.margin`, sql`w.rate`)} end as margin_org,
      d.provided, ${noActivityFields}
    from org_settings os
    join deal_events d on d.org_id = ${org.id}
    left join lateral ${rateOnOrBefore(org, sql`d.at`, won)} w on true
    where d.kind in (${sql.join(kinds.map((kind) => textParam(kind)), sql`, `)})
      and d.at >= ${org.spanStart} and d.at < ${org.spanEnd}
      and ${creditedWithin(org, filters, sql`d.credited_rep_id`)}
      and ${dealFilterConditions(filters, sql`d.pipeline_id`, sql`d.channel_id`)}
      and exists (select 1 from bounds b where b.org_id = d.org_id and ${inBounds(sql`d.at`)})`;
}

function activityEvents(org: OrgRef, kinds: ActivityKind[], filters: MetricFilters | undefined): SQL {
  const typesOf = (kind: ActivityKind) =>
    kind === "call" || kind === "email" || kind === "demo" ? [kind] : kind === "meeting_booked" || kind === "meeting_attended" ? ["meeting", "demo"] : ["meeting"];
  const types = [...new Set(kinds.flatMap(typesOf))];
  return sql`
    select a.org_id, a.deal_id, k.kind, k.at, null::timestamptz as deal_created_at, d.pipeline_id, d.channel_id, a.rep_id, d.customer_id,
      false as qualified, null::bigint as loss_reason_id, false as winnable, null::numeric as amount_org,
      false as no_rate, false as without_amount, null::numeric as margin_org,
      null::boolean as provided, ${activityFields}
    from org_settings os
    join activities a on a.org_id = ${org.id}
    left join deals d on d.org_id = a.org_id and d.id = a.deal_id
    cross join lateral ${kindValues(kinds.map((kind) => ({ kind, at: activityEventAt[kind] })))}
    where a.type in (${sql.join(types.map((type) => sql`${type}::activity_type`), sql`, `)})
      -- Cheap first cut before the per-kind rows: some moment of the activity falls in the span of the org's periods.
      and greatest(a.created_at, a.scheduled_at, a.completed_at) >= ${org.spanStart}
      and least(a.created_at, a.scheduled_at, a.completed_at) < ${org.spanEnd}
      and ${mayBeCredited(org, filters, sql`a.rep_id`)}
      and ${dealFilterConditions(filters, sql`d.pipeline_id`, sql`d.channel_id`)}
      and exists (select 1 from bounds b where b.org_id = a.org_id and ${inBounds(sql`k.at`)})`;
}

export type EventsQuery = OrgScope & {
  kinds: EventKind[];
  filters?: MetricFilters;
  breakdown?: Breakdown;
  /** Also the median days from creation (days_median) and the distinct customers (customers): a sort per group each. */
  withMedians?: boolean;
  withCustomers?: boolean;
  /** Also the lost counts per loss reason (by_reason rows): two more grouping sets. */
  withReasons?: boolean;
};

/**
 * Events of the requested kinds in each period of each org (one org, or a set of orgs in one statement), attributed
 * (rep at the event moment, that rep's team then, the deal's pipeline and channel), filtered, and aggregated per
 * org × period × kind × loss reason, in total and per breakdown group, with counts per loss reason in rows of their
 * own (by_reason). Columns: org_id, label, grp, is_total, kind, by_reason, reason, and the EventStats measures;
 * days_* are days from the deal's creation to the event.
 */
export function eventsQuery({ kinds, filters, breakdown, withMedians = true, withCustomers = true, withReasons = true, ...scope }: EventsQuery): SQL {
  const orgs = orgSetOf(scope);
  const org = orgRefOf(orgs);
  const dealKinds = kinds.filter((kind): kind is DealKind => !isActivityKind(kind));
  const activityKinds = kinds.filter(isActivityKind);
  const parts = [
    ...(dealKinds.length ? [dealEvents(org, dealKinds, filters)] : []),
    ...(activityKinds.length ? [activityEvents(org, activityKinds, filters)] : []),
  ];
  const team = teamThen(org, needsTeam(filters, breakdown));
  // Stats per kind, and beside them counts per loss reason (medians cannot be added up from per-reason rows).
  const sets = [sql`(p.org_id, p.label, p.kind)`, ...(breakdown ? [sql`(p.org_id, p.label, p.grp, p.kind)`] : [])];
  const reasonSets = withReasons ? [sql`(p.org_id, p.label, p.kind, p.reason)`, ...(breakdown ? [sql`(p.org_id, p.label, p.grp, p.kind, p.reason)`] : [])] : [];
  const grouping = sql`grouping sets (${sql.join([...sets, ...reasonSets], sql`, `)})`;
  const days = intervalIn("days", sql`p.at - p.deal_created_at`);
  return sql`
    with
      ${orgSettingsCte(orgs)},
      ${orgBoundsCte(orgs)},
      ${team.spans}
      events as (${sql.join(parts, sql` union all `)}),
      -- Not materialized: stored, a quarter's won and lost rows (~300,000 on the 1M-deal bench, 250 bytes each) spill
      -- past work_mem; inlined, the periods' ranges drive the index scan.
      in_period as (select e.*, b.label from events e join bounds b on b.org_id = e.org_id and ${inBounds(sql`e.at`)}),
      -- offset 0: the filters on the attributed rows stay above it. Pushed into the scans, a team and a pipeline made
      -- the planner expect a few activities and join each with every deal by nested loop: demos_count of eleven months
      -- at a million deals ran past two minutes (1.7 s so); and a team filter would turn the spans' join inner, with
      -- the few spans outside a nested loop over every row. The pipeline and channel filters, exact before
      -- attribution, cut the parts' rows above.
      credited as (select c.*, ${team.column} from in_period c ${team.join} offset 0),
      attributed as (
        select a.org_id, a.deal_id, a.kind, a.at, a.deal_created_at, a.label, a.rep_id, a.team_id, a.pipeline_id, a.channel_id,
          a.customer_id, a.qualified, a.loss_reason_id, a.winnable, a.amount_org, a.no_rate, a.without_amount, a.margin_org,
          a.provided, a.delivered, a.opened, a.replied, a.sentiment, a.talk_ratio, a.quality
        from credited a
      ),
      grouped as (
        select p.*, ${breakdownKey(org, breakdown)} as grp,
          case when p.kind = 'lost' then coalesce(p.loss_reason_id::text, 'none') end as reason
        from attributed p ${org.join(sql`p.org_id`, breakdown !== undefined)} where ${filterConditions(filters)}
      )
    select p.org_id, p.label, ${breakdown ? sql`p.grp, grouping(p.grp) = 1` : sql`null::text as grp, true`} as is_total, p.kind,
      ${withReasons ? sql`p.reason, grouping(p.reason) = 0` : sql`null::text as reason, false`} as by_reason,
      count(*)::int as n,
      coalesce(sum(p.amount_org), 0)::float8 as amount_sum,
      count(p.amount_org)::int as amount_n,
      count(*) filter (where p.no_rate)::int as no_rate,
      count(*) filter (where p.without_amount)::int as without_amount,
      coalesce(sum(p.margin_org), 0)::float8 as margin_sum,
      coalesce(sum(p.amount_org) filter (where p.margin_org is not null), 0)::float8 as margin_base,
      count(*) filter (where p.amount_org is not null and p.margin_org is null)::int as without_margin,
      count(p.customer_id)::int as with_customer,
      ${withCustomers ? sql`count(distinct p.customer_id)::int` : sql`null::int`} as customers,
      count(*) filter (where p.qualified)::int as qualified_n,
      count(*) filter (where p.winnable)::int as winnable_n,
      count(*) filter (where p.qualified and p.provided)::int as provided_qualified_n,
      count(*) filter (where p.qualified and not p.provided)::int as self_qualified_n,
      count(*) filter (where p.delivered)::int as delivered_n,
      count(*) filter (where p.delivered and p.opened)::int as opened_n,
      count(*) filter (where p.delivered and p.replied)::int as replied_n,
      count(*) filter (where p.delivered and p.sentiment = 'positive')::int as positive_n,
      count(*) filter (where p.delivered and p.sentiment = 'negative')::int as negative_n,
      avg(p.talk_ratio)::float8 as talk_ratio_mean,
      count(p.talk_ratio)::int as talk_ratio_n,
      avg(p.quality)::float8 as quality_mean,
      count(p.quality)::int as quality_n,
      avg(${days})::float8 as days_mean,
      ${withMedians ? sql`percentile_cont(0.5) within group (order by ${days})::float8` : sql`null::float8`} as days_median
    from grouped p
    group by ${grouping}`;
}

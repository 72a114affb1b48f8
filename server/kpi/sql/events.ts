import { sql, type SQL } from "drizzle-orm";
import type { Breakdown, MetricFilters } from "../request";
import { activityEventKinds, type EventKind } from "../types";
import { breakdownKey, creditedWithin, dealFilterConditions, filterConditions, mayBeCredited, needsTeam, teamThen } from "./attribution";
import { dayBoundsCte, inBounds, onPartialDay, orgBoundsCte, partialDayRanges, wholeDayGroups } from "./bounds";
import { orgRefOf, orgSetOf, orgSettingsCte, type OrgRef, type OrgScope } from "./org-set";
import { intervalIn, oneIf, textParam } from "./params";
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

const kindValues = (kinds: { kind: string; at: SQL }[]) =>
  sql`(values ${sql.join(kinds.map(({ kind, at }) => sql`(${textParam(kind)}, ${at})`), sql`, `)}) k(kind, at)`;

const kindList = (kinds: string[]) => sql.join(kinds.map((kind) => textParam(kind)), sql`, `);

/**
 * The columns every part of the events statement gives, in this order: one row per event (n = 1) or per day group of
 * the deal_days rollup, with its counts and sums, so the statement adds them up alike. `days` holds the days
 * from creation of the row's events for the medians (null on activities).
 */
const partColumns = sql`org_id, label, day, kind, rep_id, pipeline_id, channel_id, customer_id, loss_reason_id, n, amount_sum,
  amount_n, no_rate, without_amount, margin_sum, margin_base, without_margin, with_customer, qualified_n, winnable_n,
  provided_qualified_n, self_qualified_n, delivered_n, opened_n, replied_n, positive_n, negative_n, talk_ratio_sum,
  talk_ratio_n, quality_sum, quality_n, days_sum, days_n, days`;
const noActivityCounts = sql`0, 0, 0, 0, 0, null::float8, 0, null::float8, 0`;

/**
 * Deal events of `kinds` one row each from deal_events, credited to the owner then (credited_rep_id), with amounts
 * in the org currency at the won day's rate (read at query time: a rate imported later counts). `partialDays`: only
 * those on a period's days that are not whole (day_bounds' full_from..full_to), which the rollup part gives; else
 * every event of the periods. Either way an index range per period and edge.
 */
function dealEventRows(org: OrgRef, kinds: DealKind[], filters: MetricFilters | undefined, partialDays: boolean): SQL {
  const won = sql`d.kind = 'won'`;
  const amountOrg = sql`case when d.amount <> 0 then ${toOrgCurrency(org, sql`d.amount`, sql`w.rate`)} end`;
  const marginOrg = sql`case when d.amount <> 0 then ${toOrgCurrency(org, sql`d.margin`, sql`w.rate`)} end`;
  const day = sql`(d.at at time zone ${org.timeZone})::date`;
  const ranges = partialDays ? partialDayRanges : sql`cross join lateral (values (b.start_at, b.end_at)) r(s, e)`;
  return sql`
    select d.org_id, b.label, ${day}, d.kind, d.credited_rep_id, d.pipeline_id, d.channel_id, d.customer_id, d.loss_reason_id,
      1, ${amountOrg}, ${oneIf(sql`${amountOrg} is not null`)}, ${oneIf(sql`${won} and ${lacksRate(org, sql`w.rate`)}`)},
      ${oneIf(sql`${won} and (d.amount is null or d.amount = 0)`)}, ${marginOrg},
      case when ${marginOrg} is not null then ${amountOrg} end, ${oneIf(sql`${amountOrg} is not null and ${marginOrg} is null`)},
      ${oneIf(sql`d.customer_id is not null`)}, ${oneIf(sql`d.qualified`)}, ${oneIf(sql`d.winnable`)},
      ${oneIf(sql`d.qualified and d.provided`)}, ${oneIf(sql`d.qualified and not d.provided`)},
      ${noActivityCounts},
      ${intervalIn("days", sql`d.at - d.deal_created_at`)}, 1, array[${intervalIn("days", sql`d.at - d.deal_created_at`)}]
    from org_settings os
    join day_bounds b on b.org_id = os.org_id
    ${ranges}
    join deal_events d on d.org_id = b.org_id and d.kind in (${kindList(kinds)}) and d.at >= r.s and d.at < r.e
    left join lateral ${rateOnOrBefore(org, sql`d.at`, won)} w on true
    where ${partialDays ? onPartialDay(day) : sql`true`}
      and ${creditedWithin(org, filters, sql`d.credited_rep_id`)}
      and ${dealFilterConditions(filters, sql`d.pipeline_id`, sql`d.channel_id`)}`;
}

/**
 * Deal events of `kinds` on the periods' whole local days, from the deal_days rollup: a few rows per day. The
 * groups in the org currency (or without an amount) as they are; those in another currency, a few, each deal of the
 * group (its `money`) converted at the rate of the group's day.
 */
function dealEventDays(org: OrgRef, kinds: DealKind[], filters: MetricFilters | undefined): SQL {
  const repId = sql`nullif(r.credited_rep_id, 0)`;
  const channelId = sql`nullif(r.channel_id, 0)`;
  const foreign = sql`(r.currency <> '' and r.currency <> ${org.currency})`;
  // Only won groups have a currency: the other branch reads those alone.
  const groups = (where?: SQL) => sql`
    from org_settings os
    join day_bounds b on b.org_id = os.org_id
    ${wholeDayGroups(sql`b.org_id`, kindList(kinds), where)}`;
  const where = sql`${creditedWithin(org, filters, repId)} and ${dealFilterConditions(filters, sql`r.pipeline_id`, channelId)}`;
  const keys = sql`r.org_id, b.label, r.day, r.kind, ${repId}, r.pipeline_id, ${channelId}, null::bigint, nullif(r.loss_reason_id, 0), r.n`;
  const counts = sql`r.with_customer, r.qualified_n, r.winnable_n, r.provided_qualified_n, r.self_qualified_n,
      ${noActivityCounts},
      (r.seconds_sum / 86400)::float8, r.n, r.days`;
  const noRate = sql`fx.rate is null`;
  return sql`
    select ${keys}, r.amount_sum, r.amount_n, 0, r.without_amount, r.margin_sum, r.margin_base, r.without_margin, ${counts}
    ${groups()}
    where not ${foreign} and ${where}
    union all
    select ${keys}, coalesce(c.amount_sum, 0), case when ${noRate} then 0 else r.amount_n end,
      case when r.kind = 'won' and ${noRate} then r.amount_n else 0 end, r.without_amount, coalesce(c.margin_sum, 0),
      coalesce(c.margin_base, 0), case when ${noRate} then 0 else r.without_margin end, ${counts}
    ${groups(sql`r.currency <> ''`)}
    left join lateral (
      select x.rate from exchange_rates x
      where x.org_id = r.org_id and x.currency = r.currency and x.day <= r.day order by x.day desc limit 1
    ) fx on true
    cross join lateral (
      select sum(round(m.amount * fx.rate, 2)) as amount_sum, sum(round(m.margin * fx.rate, 2)) as margin_sum,
        sum(round(m.amount * fx.rate, 2)) filter (where m.margin is not null) as margin_base
      from unnest(r.money) m
    ) c
    where ${foreign} and ${where}`;
}

function activityEventRows(org: OrgRef, kinds: ActivityKind[], filters: MetricFilters | undefined): SQL {
  const typesOf = (kind: ActivityKind) =>
    kind === "call" || kind === "email" || kind === "demo" ? [kind] : kind === "meeting_booked" || kind === "meeting_attended" ? ["meeting", "demo"] : ["meeting"];
  const types = [...new Set(kinds.flatMap(typesOf))];
  const talkRatio = sql`case when a.talk_seconds + a.listen_seconds > 0 then a.talk_seconds::float8 / (a.talk_seconds + a.listen_seconds) end`;
  const delivered = (and: SQL = sql`true`) => oneIf(sql`a.email_delivered and ${and}`);
  return sql`
    select a.org_id, b.label, (k.at at time zone ${org.timeZone})::date, k.kind, a.rep_id, d.pipeline_id, d.channel_id, d.customer_id,
      null::bigint, 1, null::numeric, 0, 0, 0, null::numeric, null::numeric, 0, 0, 0, 0, 0, 0,
      ${delivered()}, ${delivered(sql`a.email_opened`)}, ${delivered(sql`a.email_replied`)},
      ${delivered(sql`a.reply_sentiment = 'positive'`)}, ${delivered(sql`a.reply_sentiment = 'negative'`)},
      ${talkRatio}, ${oneIf(sql`${talkRatio} is not null`)}, a.quality_score::float8, ${oneIf(sql`a.quality_score is not null`)},
      null::float8, 0, null::float8[]
    from org_settings os
    join activities a on a.org_id = ${org.id}
    left join deals d on d.org_id = a.org_id and d.id = a.deal_id
    cross join lateral ${kindValues(kinds.map((kind) => ({ kind, at: activityEventAt[kind] })))}
    join bounds b on b.org_id = a.org_id and ${inBounds(sql`k.at`)}
    where a.type in (${sql.join(types.map((type) => sql`${type}::activity_type`), sql`, `)})
      -- Cheap first cut before the per-kind rows: some moment of the activity falls in the span of the org's periods.
      and greatest(a.created_at, a.scheduled_at, a.completed_at) >= ${org.spanStart}
      and least(a.created_at, a.scheduled_at, a.completed_at) < ${org.spanEnd}
      and ${mayBeCredited(org, filters, sql`a.rep_id`)}
      and ${dealFilterConditions(filters, sql`d.pipeline_id`, sql`d.channel_id`)}`;
}

/** The kinds deal_days keeps days from creation of, for medians. */
const daysKept: DealKind[] = ["won", "lost"];

export type EventsQuery = OrgScope & {
  kinds: EventKind[];
  filters?: MetricFilters;
  breakdown?: Breakdown;
  /** The kinds to compute the median days from creation of (days_median; null for the others). */
  medianKinds?: EventKind[];
  /** The caller reads no median (an inner computation such as sales_velocity's means): none is computed, and reading one gives null instead of failing. */
  meansOnly?: boolean;
  /** Medians only of this period label's totals (what a dashboard shows; null for the other rows); all when unset. */
  mediansOnlyFor?: string;
  /** Also the distinct customers (customers), read from each event. */
  withCustomers?: boolean;
  /** Also the lost counts per loss reason (by_reason rows): two more grouping sets. */
  withReasons?: boolean;
};

/**
 * Events of the requested kinds in each period of each org (one org, or a set of orgs in one statement), attributed
 * (rep at the event moment, that rep's team then, the deal's pipeline and channel), filtered, and aggregated per
 * org × period × kind × loss reason, in total and per breakdown group, with counts per loss reason in rows of their
 * own (by_reason). For one org, deal events on a period's whole local days come summed from deal_days, the rest one
 * row per event (unless distinct customers or medians the rollup lacks are asked: then every deal event is read). Columns:
 * org_id, label, grp, is_total, kind, by_reason, reason, and the EventStats measures; days_* are days from the deal's
 * creation to the event.
 */
export function eventsQuery({ kinds, filters, breakdown, medianKinds = [], mediansOnlyFor, withCustomers = true, withReasons = true, ...scope }: EventsQuery): SQL {
  const orgs = orgSetOf(scope);
  const org = orgRefOf(orgs);
  const dealKinds = kinds.filter((kind): kind is DealKind => !isActivityKind(kind));
  const activityKinds = kinds.filter(isActivityKind);
  const medians = medianKinds.filter((kind) => kinds.includes(kind));
  // A set of orgs (the agency overview's clients, a few events a day each) reads the rows: there the day groups hold
  // about as many rows as the events, and fifty clients' quarter took 0.45 s from them against 0.33 s.
  const fromDays = orgs.length === 1 && !withCustomers && medians.every((kind) => isActivityKind(kind) || daysKept.includes(kind));
  const parts = [
    ...(dealKinds.length && fromDays ? [dealEventDays(org, dealKinds, filters)] : []),
    ...(dealKinds.length ? [dealEventRows(org, dealKinds, filters, fromDays)] : []),
    ...(activityKinds.length ? [activityEventRows(org, activityKinds, filters)] : []),
  ];
  const day = sql`c.day`;
  const team = teamThen(org, needsTeam(filters, breakdown), day);
  // Stats per kind, and beside them counts per loss reason (medians cannot be added up from per-reason rows).
  const sets = [sql`(p.org_id, p.label, p.kind)`, ...(breakdown ? [sql`(p.org_id, p.label, p.grp, p.kind)`] : [])];
  const reasonSets = withReasons ? [sql`(p.org_id, p.label, p.kind, p.reason)`, ...(breakdown ? [sql`(p.org_id, p.label, p.grp, p.kind, p.reason)`] : [])] : [];
  const grouping = sql`grouping sets (${sql.join([...sets, ...reasonSets], sql`, `)})`;
  const groupColumns = breakdown ? sql`p.grp, grouping(p.grp) = 1` : sql`null::text as grp, true`;
  return sql`
    with
      ${orgSettingsCte(orgs)},
      ${orgBoundsCte(orgs)},
      ${dayBoundsCte(org.timeZone, org.join(sql`b.org_id`))},
      ${team.spans}
      in_period (${partColumns}) as (${sql.join(parts, sql` union all `)}),
      -- offset 0: the filters on the attributed rows stay above it. Pushed into the scans, a team and a pipeline made
      -- the planner expect a few activities and join each with every deal by nested loop: demos_count of eleven months
      -- at a million deals ran past two minutes (1.7 s so); and a team filter would turn the spans' join inner, with
      -- the few spans outside a nested loop over every row. The pipeline and channel filters, exact before
      -- attribution, cut the parts' rows above.
      credited as (select c.*, ${team.column} from in_period c ${team.join} offset 0),
      grouped as (
        select p.*, ${breakdownKey(org, breakdown, sql`p.day`)} as grp,
          case when p.kind = 'lost' then coalesce(p.loss_reason_id::text, 'none') end as reason
        from credited p ${org.join(sql`p.org_id`, breakdown !== undefined)} where ${filterConditions(filters)}
      ),
      stats as (
        select p.org_id, p.label, ${groupColumns} as is_total, p.kind,
          ${withReasons ? sql`p.reason, grouping(p.reason) = 0` : sql`null::text as reason, false`} as by_reason,
          sum(p.n)::int as n,
          coalesce(sum(p.amount_sum), 0)::float8 as amount_sum,
          sum(p.amount_n)::int as amount_n,
          sum(p.no_rate)::int as no_rate,
          sum(p.without_amount)::int as without_amount,
          coalesce(sum(p.margin_sum), 0)::float8 as margin_sum,
          coalesce(sum(p.margin_base), 0)::float8 as margin_base,
          sum(p.without_margin)::int as without_margin,
          sum(p.with_customer)::int as with_customer,
          ${withCustomers ? sql`count(distinct p.customer_id)::int` : sql`null::int`} as customers,
          sum(p.qualified_n)::int as qualified_n,
          sum(p.winnable_n)::int as winnable_n,
          sum(p.provided_qualified_n)::int as provided_qualified_n,
          sum(p.self_qualified_n)::int as self_qualified_n,
          sum(p.delivered_n)::int as delivered_n,
          sum(p.opened_n)::int as opened_n,
          sum(p.replied_n)::int as replied_n,
          sum(p.positive_n)::int as positive_n,
          sum(p.negative_n)::int as negative_n,
          (sum(p.talk_ratio_sum) / nullif(sum(p.talk_ratio_n), 0))::float8 as talk_ratio_mean,
          sum(p.talk_ratio_n)::int as talk_ratio_n,
          (sum(p.quality_sum) / nullif(sum(p.quality_n), 0))::float8 as quality_mean,
          sum(p.quality_n)::int as quality_n,
          (sum(p.days_sum) / nullif(sum(p.days_n), 0))::float8 as days_mean
        from grouped p
        group by ${grouping}
      )${
        medians.length
          ? sql`,
      medians as (
        select p.org_id, p.label, ${mediansOnlyFor === undefined ? groupColumns : sql`null::text as grp, true`} as is_total, p.kind,
          percentile_cont(0.5) within group (order by p.days)::float8 as days_median
        -- unnest in the select list: a third faster than a lateral join per row.
        from (select p.org_id, p.label, p.grp, p.kind, unnest(p.days) as days from grouped p
          where p.kind in (${kindList(medians)}) ${mediansOnlyFor === undefined ? sql`` : sql`and p.label = ${textParam(mediansOnlyFor)}`}) p
        group by ${mediansOnlyFor === undefined ? sql`grouping sets (${sql.join(sets, sql`, `)})` : sql`p.org_id, p.label, p.kind`}
      )`
          : sql``
      }
    select s.*, ${medians.length ? sql`m.days_median` : sql`null::float8 as days_median`}
    from stats s
    ${
      medians.length
        ? sql`left join medians m on not s.by_reason and m.org_id = s.org_id and m.label = s.label and m.kind = s.kind and m.is_total = s.is_total
      and m.grp is not distinct from s.grp`
        : sql``
    }`;
}

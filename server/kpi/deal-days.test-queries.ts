import type { Sql } from "@/db/client";

/**
 * The deal_days rollup (migration 0026) of an org as comparable rows, and the same sums computed here straight from its
 * sources: deal-facts.integration.test.ts checks one against the other after each of its writes.
 */

/** deal_days (migration 0026): sums as float8 (their scale follows the additions), arrays sorted. */
export const dealDayRows = (sql: Sql, orgId: string) =>
  sql`select kind, day::text, stage_id::int, credited_rep_id::int, pipeline_id::int, channel_id::int, loss_reason_id::int,
      currency, n, amount_n, amount_sum::float8, margin_sum::float8, margin_base::float8, without_margin, without_amount,
      (select coalesce(array_agg(m::text order by m::text), '{}') from unnest(money) m) as money,
      with_customer, qualified_n, winnable_n, provided_qualified_n, self_qualified_n, seconds_sum::float8,
      (select coalesce(array_agg(x order by x), '{}') from unnest(days) x) as days,
      reached_qualified_n, reached_meeting_scheduled_n, reached_meeting_held_n, reached_proposal_n, reached_won_n,
      reached_fulfilled_n, answered_n, response_seconds_sum::float8,
      (select coalesce(array_agg(x order by x), '{}') from unnest(responses) x) as responses, followed_up_n, followed_up_meeting_n,
      advanced_n
    from deal_days where org_id = ${orgId} order by 1, 2, 3, 4, 5, 6, 7, 8`;

/**
 * The same sums straight from deal_events by the org's local day (a created row's steps counted when reached less
 * than the conversion window after it), from the stays that ended with no later stay of the deal in the same stage
 * ended, by the local day they ended, and from the stage entries within the window, by the deal's creation day.
 */
export const dealDayRowsFromSources = (sql: Sql, orgId: string) =>
  sql`
    with rows as (
      select e.kind, (e.at at time zone o.time_zone)::date as day, 0 as stage_id, e.credited_rep_id, e.pipeline_id, e.channel_id,
        e.loss_reason_id, e.currency, e.amount, e.margin, e.customer_id, e.qualified, e.winnable, e.provided,
        extract(epoch from e.at - e.deal_created_at) as seconds, e.at,
        array[e.qualified_at, e.meeting_scheduled_at, e.meeting_held_at, e.proposal_at, e.won_at, e.fulfilled_at]
          as reach, o.conversion_window_days * interval '1 day' as window,
        case when e.kind = 'created' then extract(epoch from e.first_response_at - e.at) end as response_seconds,
        e.kind = 'created' and e.followed_up_at is not null as followed_up, false as advanced
      from deal_events e join organizations o on o.id = e.org_id where e.org_id = ${orgId}
      union all
      select 'stay', (t.left_at at time zone o.time_zone)::date, t.stage_id, t.credited_rep_id, t.pipeline_id, t.channel_id,
        null, null, null, null, null, false, false, null, extract(epoch from t.prior + (t.left_at - t.entered_at)), t.left_at,
        null, null, null, false, false
      from deal_stage_stays t join organizations o on o.id = t.org_id
      where t.org_id = ${orgId} and t.left_at is not null and t.next_left_at is null
      union all
      select 'reach', (r.deal_created_at at time zone o.time_zone)::date, r.stage_id, null, null, null, null, null, null, null,
        null, false, false, null, null, r.deal_created_at, null, null, null, false,
        r.advanced_at - r.deal_created_at < o.conversion_window_days * interval '1 day'
      from deal_stage_reach r join organizations o on o.id = r.org_id
      where r.org_id = ${orgId} and r.entered_at - r.deal_created_at < o.conversion_window_days * interval '1 day'
    )
    select e.kind, e.day::text as day, e.stage_id::int, coalesce(e.credited_rep_id, 0)::int as credited_rep_id,
      coalesce(e.pipeline_id, 0)::int as pipeline_id, coalesce(e.channel_id, 0)::int as channel_id,
      coalesce(e.loss_reason_id, 0)::int as loss_reason_id, coalesce(e.currency, '') as currency, count(*)::int as n,
      count(*) filter (where e.amount <> 0)::int as amount_n,
      coalesce(sum(e.amount) filter (where e.amount <> 0), 0)::float8 as amount_sum,
      coalesce(sum(e.margin) filter (where e.amount <> 0), 0)::float8 as margin_sum,
      coalesce(sum(e.amount) filter (where e.amount <> 0 and e.margin is not null), 0)::float8 as margin_base,
      count(*) filter (where e.amount <> 0 and e.margin is null)::int as without_margin,
      count(*) filter (where e.kind = 'won' and coalesce(e.amount, 0) = 0)::int as without_amount,
      coalesce(array_agg(format('(%s,%s)', e.amount, e.margin) order by format('(%s,%s)', e.amount, e.margin)) filter (where e.amount <> 0), '{}') as money,
      count(e.customer_id)::int as with_customer, count(*) filter (where e.qualified)::int as qualified_n,
      count(*) filter (where e.winnable)::int as winnable_n, count(*) filter (where e.qualified and e.provided)::int as provided_qualified_n,
      count(*) filter (where e.qualified and e.provided = false)::int as self_qualified_n,
      coalesce(sum(e.seconds), 0)::float8 as seconds_sum,
      coalesce(array_agg(e.seconds::float8 / 86400 order by e.seconds) filter (where e.kind in ('won', 'lost', 'stay')), '{}') as days,
      count(*) filter (where e.kind = 'created' and e.reach[1] - e.at < e.window)::int as reached_qualified_n,
      count(*) filter (where e.kind = 'created' and e.reach[2] - e.at < e.window)::int as reached_meeting_scheduled_n,
      count(*) filter (where e.kind = 'created' and e.reach[3] - e.at < e.window)::int as reached_meeting_held_n,
      count(*) filter (where e.kind = 'created' and e.reach[4] - e.at < e.window)::int as reached_proposal_n,
      count(*) filter (where e.kind = 'created' and e.reach[5] - e.at < e.window)::int as reached_won_n,
      count(*) filter (where e.kind = 'created' and e.reach[6] - e.at < e.window)::int as reached_fulfilled_n,
      count(e.response_seconds)::int as answered_n, coalesce(sum(e.response_seconds), 0)::float8 as response_seconds_sum,
      coalesce(array_agg(e.response_seconds::float8 / 60 order by e.response_seconds) filter (where e.response_seconds is not null), '{}') as responses,
      count(*) filter (where e.followed_up)::int as followed_up_n,
      count(*) filter (where e.followed_up and e.reach[2] - e.at < e.window)::int as followed_up_meeting_n,
      count(*) filter (where e.advanced)::int as advanced_n
    from rows e
    group by 1, 2, 3, 4, 5, 6, 7, 8 order by 1, 2, 3, 4, 5, 6, 7, 8`;

import { sql, type SQL } from "drizzle-orm";
import type { Breakdown, MetricFilters } from "../request";
import type { CohortStep } from "../types";
import { breakdownKey, creditedWithin, filterConditions, needsTeam, teamThen } from "./attribution";
import { dayBoundsCte, onPartialDay, orgBoundsCte, partialDayRanges, wholeDayGroups } from "./bounds";
import { orgRefOf, orgSetOf, orgSettingsCte, type OrgScope } from "./org-set";
import { intervalIn, oneIf, textParam } from "./params";
import { reachedAtColumn } from "./step-reach";

const stepsAboveLead = ["qualified", "meeting_scheduled", "meeting_held", "proposal", "won", "fulfilled"] as const satisfies CohortStep[];

export type CohortQuery = OrgScope & {
  filters?: MetricFilters;
  breakdown?: Breakdown;
  /** Also measure the first completed outbound call, e-mail or message on each lead (response_time). */
  withResponses?: boolean;
  /** Also tell whether each lead has had any outbound activity by now (leads_followed_up, meeting_acceptance). */
  withFollowUps?: boolean;
  /** Response medians only of this period label's totals (what a dashboard shows; null for the other rows); all when unset. */
  responseMediansOnlyFor?: string;
};

/** The cohort columns every part of the statement gives: one row per deal (n = 1) or per day group of deal_days. */
const partColumns = sql`org_id, label, day, rep_id, pipeline_id, channel_id, n, ${sql.join(
  stepsAboveLead.map((step) => sql.identifier(`${step}_n`)),
  sql`, `,
)}, answered_n, response_seconds, responses, followed_up_n, followed_up_meeting_n`;

/**
 * Cohorts: the deals created in each period of each org (one org, or a set in one statement; credited as their
 * creation is: the owner then, that owner's team then), and how many of them reached each step within their org's
 * conversion window after creation. The whole local days of a period come summed from deal_days' created rows (their
 * counts kept for the org's conversion window), the days it only partly covers one deal at a time from deal_events.
 * Columns: org_id, label, grp, is_total, lead, one count per step above lead, and the response measures.
 */
export function cohortQuery({ filters, breakdown, withResponses, withFollowUps, responseMediansOnlyFor, ...scope }: CohortQuery): SQL {
  const orgs = orgSetOf(scope);
  const org = orgRefOf(orgs);
  const team = teamThen(org, needsTeam(filters, breakdown), sql`c.day`);
  const windowEnd = sql`d.at + make_interval(days => ${org.conversionWindowDays})`;
  const day = sql`(d.at at time zone ${org.timeZone})::date`;
  const responseSeconds = sql`extract(epoch from d.first_response_at - d.at)`;
  const counts = stepsAboveLead.map((step) => sql`sum(p.${sql.identifier(`${step}_n`)})::int as ${sql.identifier(step)}`);
  const groupBy = breakdown ? sql`grouping sets ((p.org_id, p.label), (p.org_id, p.label, p.grp))` : sql`p.org_id, p.label, p.grp`;
  return sql`
    with
      ${orgSettingsCte(orgs)},
      ${orgBoundsCte(orgs)},
      ${dayBoundsCte(org.timeZone, org.join(sql`b.org_id`))},
      ${team.spans}
      -- The deals created in a period: on its whole days deal_days' created groups, on its partial days the created
      -- rows of deal_events, which carry the deal's reach moments (dealStepReach's) and its first responses
      -- (deal_responses: the first completed outbound call, e-mail or message since creation; the first outbound
      -- activity of any type since then).
      placed (${partColumns}) as (
        select r.org_id, b.label, r.day, nullif(r.credited_rep_id, 0), r.pipeline_id, nullif(r.channel_id, 0), r.n,
          ${sql.join(stepsAboveLead.map((step) => sql`r.${sql.identifier(`reached_${step}_n`)}`), sql`, `)},
          r.answered_n, r.response_seconds_sum, r.responses, r.followed_up_n, r.followed_up_meeting_n
        from org_settings os
        join day_bounds b on b.org_id = os.org_id
        ${wholeDayGroups(sql`b.org_id`, sql`'created'`)}
        where ${creditedWithin(org, filters, sql`nullif(r.credited_rep_id, 0)`)}
        union all
        select d.org_id, b.label, ${day}, d.credited_rep_id, d.pipeline_id, d.channel_id, 1,
          ${sql.join(stepsAboveLead.map((step) => oneIf(sql`d.${reachedAtColumn(step)} < ${windowEnd}`)), sql`, `)},
          ${oneIf(sql`d.first_response_at is not null`)}, ${responseSeconds}, array[${intervalIn("minutes", sql`d.first_response_at - d.at`)}],
          ${oneIf(sql`d.followed_up_at is not null`)}, ${oneIf(sql`d.followed_up_at is not null and d.${reachedAtColumn("meeting_scheduled")} < ${windowEnd}`)}
        from org_settings os
        join day_bounds b on b.org_id = os.org_id
        ${partialDayRanges}
        join deal_events d on d.org_id = b.org_id and d.kind = 'created' and d.at >= r.s and d.at < r.e
        where ${onPartialDay(day)} and ${creditedWithin(org, filters, sql`d.credited_rep_id`)}
      ),
      credited as (select c.*, ${team.column} from placed c ${team.join} ${team.fence}),
      grouped as (
        select p.*, ${breakdownKey(org, breakdown, sql`p.day`)} as grp
        from credited p ${org.join(sql`p.org_id`, breakdown !== undefined)} where ${filterConditions(filters)}
      ),
      counts as (
        select p.org_id, p.label, p.grp, ${breakdown ? sql`grouping(p.grp) = 1` : sql`true`} as is_total,
          sum(p.n)::int as lead, ${sql.join(counts, sql`, `)},
          ${withResponses ? sql`sum(p.answered_n)::int` : sql`0`} as answered,
          ${withFollowUps ? sql`sum(p.followed_up_n)::int` : sql`0`} as followed_up,
          ${withFollowUps ? sql`sum(p.followed_up_meeting_n)::int` : sql`0`} as followed_up_meeting,
          ${withResponses ? sql`(sum(p.response_seconds) / nullif(sum(p.answered_n), 0) / 60)::float8` : sql`null::float8`} as response_mean
        from grouped p
        group by ${groupBy}
      )${
        withResponses
          ? sql`,
      medians as (
        select p.org_id, p.label, ${responseMediansOnlyFor === undefined ? sql`p.grp, ${breakdown ? sql`grouping(p.grp) = 1` : sql`true`}` : sql`${breakdown ? sql`null::text` : sql`p.grp`} as grp, true`} as is_total,
          percentile_cont(0.5) within group (order by p.minutes)::float8 as response_median
        -- unnest in the select list: a third faster than a lateral join per row.
        from (select p.org_id, p.label, p.grp, unnest(p.responses) as minutes from grouped p
          ${responseMediansOnlyFor === undefined ? sql`` : sql`where p.label = ${textParam(responseMediansOnlyFor)}`}) p
        group by ${responseMediansOnlyFor === undefined || !breakdown ? groupBy : sql`p.org_id, p.label`}
      )`
          : sql``
      }
    select c.*, ${withResponses ? sql`m.response_median` : sql`null::float8 as response_median`}
    from counts c
    ${
      withResponses
        ? sql`left join medians m on m.org_id = c.org_id and m.label = c.label and m.is_total = c.is_total and m.grp is not distinct from c.grp`
        : sql``
    }`;
}

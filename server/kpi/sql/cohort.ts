import { sql, type SQL } from "drizzle-orm";
import type { Breakdown, MetricFilters } from "../request";
import type { CohortStep } from "../types";
import { breakdownKey, creditedWithin, filterConditions, needsTeam, teamThen } from "./attribution";
import { inBounds, orgBoundsCte } from "./bounds";
import { orgRefOf, orgSetOf, orgSettingsCte, type OrgScope } from "./org-set";
import { intervalIn } from "./params";
import { reachedAtColumn } from "./step-reach";

const stepsAboveLead = ["qualified", "meeting_scheduled", "meeting_held", "proposal", "won", "fulfilled"] as const satisfies CohortStep[];

export type CohortQuery = OrgScope & {
  filters?: MetricFilters;
  breakdown?: Breakdown;
  /** Also measure the first completed outbound call, e-mail or message on each lead (response_time). */
  withResponses?: boolean;
  /** Also tell whether each lead has had any outbound activity by now (leads_followed_up, meeting_acceptance). */
  withFollowUps?: boolean;
};

/**
 * Cohorts: the deals created in each period of each org (one org, or a set in one statement; credited as their
 * creation is: the owner then, that owner's team then), and how many of them reached each step within their org's
 * conversion window after creation.
 * Columns: org_id, label, grp, is_total, lead, one count per step above lead, and the response measures.
 */
export function cohortQuery({ filters, breakdown, withResponses, withFollowUps, ...scope }: CohortQuery): SQL {
  const orgs = orgSetOf(scope);
  const org = orgRefOf(orgs);
  const team = teamThen(org, needsTeam(filters, breakdown));
  const minutes = intervalIn("minutes", sql`p.first_response_at - p.at`);
  const reachedCounts = stepsAboveLead.map(
    (step) => sql`count(*) filter (where p.${reachedAtColumn(step)} < p.window_end)::int as ${sql.identifier(step)}`,
  );
  return sql`
    with
      ${orgSettingsCte(orgs)},
      ${orgBoundsCte(orgs)},
      ${team.spans}
      -- The deals created in a period: one range of the deal_events rollup per org, whose created rows carry the
      -- deal's reach moments (dealStepReach's) and its first responses (deal_responses: the first completed outbound
      -- call, e-mail or message since creation; the first outbound activity of any type since then).
      reached as (
        select d.org_id, d.deal_id, d.at as created_at, d.pipeline_id, d.channel_id, d.credited_rep_id as rep_id,
          ${sql.join(stepsAboveLead.map((step) => sql`d.${reachedAtColumn(step)}`), sql`, `)},
          ${withResponses ? sql`d.first_response_at` : sql`null::timestamptz as first_response_at`},
          ${withFollowUps ? sql`d.followed_up_at is not null as followed_up` : sql`false as followed_up`}
        from org_settings os
        join deal_events d on d.org_id = ${org.id} and d.kind = 'created' and d.at >= ${org.spanStart} and d.at < ${org.spanEnd}
        where ${creditedWithin(org, filters, sql`d.credited_rep_id`)}
      ),
      placed as (
        select r.*, r.created_at as at, b.label
        from reached r join bounds b on b.org_id = r.org_id and ${inBounds(sql`r.created_at`)}
      ),
      credited as (select c.*, ${team.column} from placed c ${team.join} ${team.fence}),
      grouped as (
        select p.*, ${breakdownKey(org, breakdown)} as grp, p.at + make_interval(days => ${org.conversionWindowDays}) as window_end
        from credited p ${org.join(sql`p.org_id`)} where ${filterConditions(filters)}
      )
    select p.org_id, p.label, p.grp, ${breakdown ? sql`grouping(p.grp) = 1` : sql`true`} as is_total,
      count(*)::int as lead, ${sql.join(reachedCounts, sql`, `)},
      count(p.first_response_at)::int as answered,
      count(*) filter (where p.followed_up)::int as followed_up,
      count(*) filter (where p.followed_up and p.${reachedAtColumn("meeting_scheduled")} < p.window_end)::int as followed_up_meeting,
      avg(${minutes})::float8 as response_mean,
      ${withResponses ? sql`percentile_cont(0.5) within group (order by ${minutes})::float8` : sql`null::float8`} as response_median
    from grouped p
    group by ${breakdown ? sql`grouping sets ((p.org_id, p.label), (p.org_id, p.label, p.grp))` : sql`p.org_id, p.label, p.grp`}`;
}

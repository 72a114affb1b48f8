import { sql, type SQL } from "drizzle-orm";
import type { OrgSettings } from "../org-settings";
import type { Breakdown, MetricFilters } from "../request";
import { refOf, type OrgRef } from "./org-set";
import { textParam } from "./params";

const idList = (ids: number[]) => sql.join(ids.map((id) => sql`${id}::bigint`), sql`, `);

/** `column` (an org_id) is the org's, or one of the set's. */
const inOrgs = (org: string | OrgRef) => (typeof org === "string" ? (column: SQL) => sql`${column} = ${org}` : org.inSet);

/** Deal `dealId` has owner history (its owner at a moment may not be its owner now). */
const hasOwnerHistory = (org: string | OrgRef, dealId: SQL) =>
  sql`${dealId} in (select o.deal_id from deal_owner_events o where ${inOrgs(org)(sql`o.org_id`)})`;

/**
 * The rep who owned deal `dealId` at `at` (kpi-catalog **Who is credited**): the last owner change at or before
 * it; before the first change, that change's previous owner; without owner history, `currentOwner`.
 * Arrays keep "a change to nobody" (null) apart from "no change found". deal_events carries the same rule's result
 * (credited_rep_id, by the SQL function deal_owner_at of migration 0022), checked against this one in
 * deal-facts.integration.test.ts.
 */
export function ownerAt(org: string | OrgRef, dealId: SQL, at: SQL, currentOwner: SQL): SQL {
  const orgId = typeof org === "string" ? sql`${org}` : org.id;
  // The uncorrelated IN runs once as a hashed set (of every org's deals with owner history, for a set of orgs: the
  // lookups below are per org), so deals without owner history skip the lookups.
  return sql`case when not ${hasOwnerHistory(org, dealId)} then ${currentOwner}
  else (coalesce(
    (select array[o.to_rep_id] from deal_owner_events o
      where o.org_id = ${orgId} and o.deal_id = ${dealId} and o.at <= ${at} order by o.at desc, o.id desc limit 1),
    (select array[o.from_rep_id] from deal_owner_events o
      where o.org_id = ${orgId} and o.deal_id = ${dealId} and o.at > ${at} order by o.at, o.id limit 1),
    array[${currentOwner}]
  ))[1] end`;
}

/** The filters name reps or teams: rows are kept by whom they are credited to. */
const filtersCredit = (filters: MetricFilters | undefined) => Boolean(filters?.repIds?.length || filters?.teamIds?.length);

/**
 * `owner` is one of the filters' reps, and was ever in one of their teams. `hashed`: the team's reps as a set tested
 * per row, where the owner is no leading column of an index. Bare, the `in` can become a semi-join whose few team
 * members each drive an index scan over every row of the period (seen on deal_events' credited rep: 5 scans of a
 * month's created rows instead of one); as `= any (array(…))` the planner priced the range scan with it as an index
 * condition and read the whole table instead.
 */
function ownedBy(org: string | OrgRef, filters: MetricFilters | undefined, owner: SQL, hashed: boolean): SQL {
  const repIds = filters?.repIds ?? [];
  const teamIds = filters?.teamIds ?? [];
  const members = sql`${owner} in (select m.rep_id from team_memberships m where ${inOrgs(org)(sql`m.org_id`)} and m.team_id in (${idList(teamIds)}))`;
  const owners = [
    ...(repIds.length ? [sql`${owner} in (${idList(repIds)})`] : []),
    ...(teamIds.length ? [hashed ? sql`(${members}) is true` : members] : []),
  ];
  // Both filters must hold: the rep one on the owner, the team one on the owner's team.
  return sql`(${sql.join(owners, sql` and `)})`;
}

/**
 * A first cut for rep and team filters on rows not attributed yet, owned now by `currentOwner` (a deal's owner, or
 * an activity's rep): the owner is one of the reps, or was ever in one of the teams, or, for deal `dealId`, the deal
 * has owner history (whose owner then attribution finds). Exact: without owner history a deal's owner at any moment
 * is its current one (ownerAt), and an activity is its rep's. A rep's own dashboard then attributes that rep's rows
 * instead of every row of the period. True without such filters.
 */
export function mayBeCredited(org: string | OrgRef, filters: MetricFilters | undefined, currentOwner: SQL, dealId?: SQL): SQL {
  if (!filtersCredit(filters)) return sql`true`;
  const owned = ownedBy(org, filters, currentOwner, false);
  return dealId ? sql`(${owned} or ${hasOwnerHistory(org, dealId)})` : owned;
}

/**
 * The same cut for deal_events rows by the rep they credit (`creditedRep`, their credited_rep_id): exact, as that is
 * the owner then. True without rep or team filters.
 */
export function creditedWithin(org: string | OrgRef, filters: MetricFilters | undefined, creditedRep: SQL): SQL {
  return filtersCredit(filters) ? ownedBy(org, filters, creditedRep, true) : sql`true`;
}

/** The team rep `repId` belonged to on `at`'s date in the org's time zone, by dated membership (null if none). */
export function teamAt(org: OrgSettings | OrgRef, repId: SQL, at: SQL): SQL {
  return teamOnDay(org, repId, sql`(${at} at time zone ${refOf(org).timeZone})::date`);
}

/** The team rep `repId` belonged to on local date `day`, by dated membership (null if none). */
export function teamOnDay(org: OrgSettings | OrgRef, repId: SQL, day: SQL): SQL {
  return sql`(select m.team_id from team_memberships m
    where m.org_id = ${refOf(org).id} and m.rep_id = ${repId} and m.valid_from <= ${day} and (m.valid_to is null or m.valid_to > ${day})
    order by m.valid_from desc limit 1)`;
}

/** The parts a statement puts the team then of its attributed rows together from (teamThen). */
export type TeamThen = { spans: SQL; column: SQL; join: SQL; fence: SQL };

/**
 * The team then of attributed rows `c` (rep_id, at, and org_id for a set of orgs; or `rowDay`, their local day, instead
 * of at), where `teamed` (a team filter or breakdown): `spans`, the team_spans CTE and its comma for the statement's `with`; `column`, the select's team_id;
 * `join`, the left join of the rep's span that holds `c.at`'s date in the org's time zone; `fence`, the `offset 0`
 * that select ends with (a team filter above it would turn the join inner, and the planner could then take the few
 * spans as the outer side of a nested loop over every row). Without `teamed`: team_id null, the rest empty.
 *
 * team_spans (org_id, rep_id, from_day, to_day, team_id): each rep's days of the org (or the set's orgs), cut wherever
 * one of the rep's memberships begins or ends, with the team teamOnDay gives on them (memberships may overlap: the
 * one begun last wins, and an earlier one resumes when it ends). A handful of rows, materialized once, joined instead
 * of a look-up per row (teamAt), which cost more than the rest of a team-filtered stage_duration at a million deals
 * (478,000 look-ups). For one org the join does not test the org (the spans are its own): a test shrank the estimates.
 */
export function teamThen(org: OrgSettings | OrgRef, teamed: boolean, rowDay?: SQL): TeamThen {
  if (!teamed) return { spans: sql``, column: sql`null::bigint as team_id`, join: sql``, fence: sql`` };
  const { inSet, timeZone, several, join } = refOf(org);
  const day = rowDay ?? sql`(c.at at time zone ${timeZone})::date`;
  return {
    spans: sql`team_spans as materialized (
      select s.* from (
        select b.org_id, b.rep_id, b.day as from_day, lead(b.day) over (partition by b.org_id, b.rep_id order by b.day) as to_day,
          (select m.team_id from team_memberships m
            where m.org_id = b.org_id and m.rep_id = b.rep_id and m.valid_from <= b.day and (m.valid_to is null or m.valid_to > b.day)
            order by m.valid_from desc limit 1) as team_id
        from (
          select m.org_id, m.rep_id, m.valid_from as day from team_memberships m where ${inSet(sql`m.org_id`)}
          union
          select m.org_id, m.rep_id, m.valid_to from team_memberships m where ${inSet(sql`m.org_id`)} and m.valid_to is not null
        ) b
      ) s where s.team_id is not null
    ),`,
    column: sql`ts.team_id`,
    join: sql`${join(sql`c.org_id`)} left join team_spans ts on ${several ? sql`ts.org_id = c.org_id and ` : sql``}ts.rep_id = c.rep_id
      and ts.from_day <= ${day} and (ts.to_day is null or ${day} < ts.to_day)`,
    fence: sql`offset 0`,
  };
}

/**
 * The pipeline and channel filters on a deal's `pipeline` and `channel` columns (true without them): exact before
 * attribution, as a deal's pipeline and channel do not depend on the moment.
 */
export function dealFilterConditions(filters: MetricFilters | undefined, pipeline: SQL, channel: SQL): SQL {
  const conditions: SQL[] = [sql`true`];
  if (filters?.pipelineIds?.length) conditions.push(sql`${pipeline} in (${idList(filters.pipelineIds)})`);
  if (filters?.channelIds?.length) conditions.push(sql`${channel} in (${idList(filters.channelIds)})`);
  return sql.join(conditions, sql` and `);
}

/** Conditions on attributed rows `p` (rep_id, team_id, pipeline_id, channel_id); true without filters. */
export function filterConditions(filters: MetricFilters | undefined): SQL {
  const conditions: SQL[] = [sql`true`];
  const add = (column: string, ids: number[] | undefined) => {
    if (ids?.length) conditions.push(sql`p.${sql.identifier(column)} in (${idList(ids)})`);
  };
  add("rep_id", filters?.repIds);
  add("team_id", filters?.teamIds);
  conditions.push(dealFilterConditions(filters, sql`p.pipeline_id`, sql`p.channel_id`));
  return sql.join(conditions, sql` and `);
}

export const needsTeam = (filters: MetricFilters | undefined, breakdown: Breakdown | undefined) =>
  breakdown === "team" || Boolean(filters?.teamIds?.length);

export const needsRepCredit = (filters: MetricFilters | undefined, breakdown: Breakdown | undefined) =>
  breakdown === "rep" || needsTeam(filters, breakdown) || Boolean(filters?.repIds?.length);

/**
 * The breakdown group of attributed row `p` at moment `p.at` (or on local day `rowDay`): an id, or the first local day
 * of its time bucket.
 */
export function breakdownKey(org: OrgSettings | OrgRef, breakdown: Breakdown | undefined, rowDay?: SQL): SQL {
  const { timeZone, weekStart } = refOf(org);
  const day = rowDay ?? sql`(p.at at time zone ${timeZone})::date`;
  switch (breakdown) {
    case undefined:
      return sql`null::text`;
    case "rep":
    case "team":
    case "pipeline":
    case "channel":
      return sql`p.${sql.identifier(`${breakdown}_id`)}::text`;
    case "day":
      return sql`to_char(${day}, 'YYYY-MM-DD')`;
    case "week":
      // The org's week starts on ISO weekday week_start: step back to it.
      return sql`to_char(${day} - ((extract(isodow from ${day})::int - ${weekStart} + 7) % 7), 'YYYY-MM-DD')`;
    case "month":
    case "quarter":
      return sql`to_char(date_trunc(${textParam(breakdown)}, ${day}::timestamp), 'YYYY-MM-DD')`;
  }
}

import { sql, type SQL } from "drizzle-orm";
import type { OrgSettings } from "../org-settings";
import type { Breakdown, MetricFilters } from "../request";
import { breakdownKey, filterConditions, needsRepCredit, needsTeam, ownerAt, teamThen } from "./attribution";
import { orgRefOf, orgSettingsCte } from "./org-set";
import { dateParam, instantParam, textParam } from "./params";
import { openDealsAt } from "./snapshot";
import { stepsFrom } from "./step-reach";
import { lacksRate, ratesOnOrBefore, toOrgCurrency } from "./won-deals";
import type { LocalDate } from "@/lib/zoned-time";

/** A period for pipeline_coverage: its local dates and the moment its pipeline is taken at. */
export type CoverageRange = { label: string; from: LocalDate; to: LocalDate; at: Date };

/** The orgs to measure (one, or a set in one statement), each with its own ranges. */
export type CoverageQuery = { orgs: { org: OrgSettings; ranges: CoverageRange[] }[]; filters?: MetricFilters; breakdown?: Breakdown };

/**
 * Open deals at each range's moment that had reached `qualified` by then (kpi-catalog pipeline_coverage), credited
 * to the owner then and that owner's team then; amounts in their org's currency at the latest rate on or before the
 * moment. Columns: org_id, label, grp, is_total, expected_value (expected to close in the range), all_value, n,
 * no_close_date, no_rate, without_amount.
 */
export function coverageQuery({ orgs, filters, breakdown }: CoverageQuery): SQL {
  const org = orgRefOf(orgs.map(({ org }) => ({ org })));
  const byEntity = breakdown === "rep" || breakdown === "team" ? breakdown : undefined;
  const repId = needsRepCredit(filters, byEntity) ? ownerAt(org, sql`d.id`, sql`b.at`, sql`d.owner_rep_id`) : sql`d.owner_rep_id`;
  const team = teamThen(org, needsTeam(filters, byEntity));
  const bounds = sql.join(
    orgs.flatMap(({ org: { id }, ranges }) =>
      ranges.map((r) => sql`(${id}::uuid, ${textParam(r.label)}, ${dateParam(r.from)}, ${dateParam(r.to)}, ${instantParam(r.at)})`),
    ),
    sql`, `,
  );
  const qualifiedSteps = stepsFrom("qualified");
  const measures = (of: (column: string) => SQL) =>
    sql.join(
      [
        sql`${of("expected_value")}::float8 as expected_value`, sql`${of("all_value")}::float8 as all_value`, sql`${of("n")}::int as n`,
        sql`${of("no_close_date")}::int as no_close_date`, sql`${of("no_rate")}::int as no_rate`, sql`${of("without_amount")}::int as without_amount`,
      ],
      sql`, `,
    );
  const groups = sql`select g.org_id, g.label, g.grp, false as is_total, ${measures((c) => sql`g.${sql.identifier(c)}`)} from per_group g`;
  const totals = sql`select g.org_id, g.label, null::text as grp, true as is_total, ${measures((c) => sql`sum(g.${sql.identifier(c)})`)}
    from per_group g group by g.org_id, g.label`;
  return sql`
    with
      ${orgSettingsCte(orgs.map(({ org }) => ({ org })))},
      bounds (org_id, label, from_day, to_day, at) as (values ${bounds}),
      ${team.spans}
      snapshot_rates as (
        select b.org_id, b.label, r.currency, r.rate from bounds b ${org.join(sql`b.org_id`)}
        cross join lateral ${ratesOnOrBefore(org, sql`b.org_id`, sql`b.at`)} r
      ),
      open_deals as (
        select b.org_id, b.label, b.at, d.id as deal_id, d.pipeline_id, d.channel_id, ${repId} as rep_id,
          d.expected_close_date is null as no_close_date,
          d.expected_close_date >= b.from_day and d.expected_close_date < b.to_day as expected_in,
          case when d.amount <> 0 then ${toOrgCurrency(org, sql`d.amount`, sql`fx.rate`)} end as amount_org,
          ${lacksRate(org, sql`fx.rate`)} as no_rate,
          (d.amount is null or d.amount = 0) as without_amount
        from bounds b
        ${org.join(sql`b.org_id`)}
        cross join lateral (${openDealsAt(org.id, sql`b.at`, { org, filters })}) d
        left join snapshot_rates fx on fx.org_id = b.org_id and fx.label = b.label and fx.currency = d.currency
        where case
            when d.found then d.qualified_at < b.at
            else (select s.funnel_step from stages s where s.org_id = d.org_id and s.id = d.stage_id) in (${qualifiedSteps})
          end
      ),
      credited as (select c.*, ${team.column} from open_deals c ${team.join} ${team.fence}),
      grouped as (select p.*, ${breakdownKey(org, byEntity)} as grp from credited p ${org.join(sql`p.org_id`, byEntity !== undefined)} where ${filterConditions(filters)}),
      -- Per group first (hashed), the totals from the groups: grouping sets sorted the ~184,000 open deals of two
      -- snapshots at a million deals (780 -> 740 ms).
      per_group as (
        select p.org_id, p.label, p.grp,
          coalesce(sum(p.amount_org) filter (where p.expected_in), 0) as expected_value,
          coalesce(sum(p.amount_org), 0) as all_value,
          count(*)::int as n,
          count(*) filter (where p.no_close_date)::int as no_close_date,
          count(*) filter (where p.no_rate)::int as no_rate,
          count(*) filter (where p.without_amount)::int as without_amount
        from grouped p group by p.org_id, p.label, p.grp
      )
    ${byEntity ? sql`${groups} union all ` : sql``}${totals}`;
}

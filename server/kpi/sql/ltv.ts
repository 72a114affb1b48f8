import { sql, type SQL } from "drizzle-orm";
import type { OrgSettings } from "../org-settings";
import { instantParam } from "./params";
import { rateOnOrBefore, toOrgCurrency } from "./won-deals";

/**
 * The history method of ltv (kpi-catalog) at `at`: over customers with a won deal before it, the mean yearly revenue
 * per customer (lifetime revenue ÷ relationship years), the mean relationship in years, and the gross margin % of
 * won deals with a known cost or margin. A relationship runs from the first win until `at` while the customer is
 * active, else until its last win plus the churn window (when it lapsed). Columns: customers, yearly_revenue, years,
 * margin_sum, margin_base.
 */
export function ltvHistoryQuery(org: OrgSettings, at: Date): SQL {
  const window = sql`make_interval(days => ${org.churnWindowDays}::int)`;
  const snapshot = instantParam(at);
  return sql`
    with
      won as (
        select d.customer_id, d.won_at,
          case when d.amount <> 0 then ${toOrgCurrency(org, sql`d.amount`, sql`fx.rate`)} end as amount_org,
          case when d.amount <> 0 then ${toOrgCurrency(org, sql`coalesce(d.margin, d.amount - d.cost)`, sql`fx.rate`)} end as margin_org
        from deals d
        left join lateral ${rateOnOrBefore(org, sql`d.won_at`)} fx on true
        where d.org_id = ${org.id} and d.status = 'won' and d.customer_id is not null and d.won_at < ${snapshot}
      ),
      customers as (
        select customer_id, coalesce(sum(amount_org), 0) as revenue,
          extract(epoch from (case when max(won_at) >= ${snapshot} - ${window} then ${snapshot} else max(won_at) + ${window} end) - min(won_at)) / 86400 / 365.25 as years
        from won group by customer_id
      )
    select count(*)::int as customers,
      avg(revenue / nullif(years, 0))::float8 as yearly_revenue,
      avg(years)::float8 as years,
      (select coalesce(sum(margin_org), 0) from won)::float8 as margin_sum,
      (select coalesce(sum(amount_org) filter (where margin_org is not null), 0) from won)::float8 as margin_base
    from customers`;
}

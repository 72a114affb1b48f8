import { sql, type SQL } from "drizzle-orm";
import type { OrgSettings } from "../org-settings";
import { refOf, type OrgRef } from "./org-set";
import { instantParam } from "./params";

/**
 * `value` (an expression over deal `d`, in the deal's currency) in the org currency: converted with `rate` and
 * rounded to cents per deal, so every sum of it adds up the same way; null without a value or without a rate.
 */
export function toOrgCurrency(org: OrgSettings | OrgRef, value: SQL, rate: SQL): SQL {
  const { currency } = refOf(org);
  return sql`case
    when ${value} is null then null
    when coalesce(d.currency, ${currency}) = ${currency} then ${value}
    else round(${value} * ${rate}, 2)
  end`;
}

/** Deal `d` has an amount but its currency has no rate (kpi-catalog **Money**: excluded and reported). */
export function lacksRate(org: OrgSettings | OrgRef, rate: SQL): SQL {
  const { currency } = refOf(org);
  return sql`(d.amount is not null and d.amount <> 0 and coalesce(d.currency, ${currency}) <> ${currency} and ${rate} is null)`;
}

/**
 * Lateral subquery (column `rate`): the latest rate of deal `d`'s currency on or before `at`'s date in the org's
 * time zone; looked up only where `when` holds and the deal is in another currency (none is needed otherwise).
 */
export function rateOnOrBefore(org: OrgSettings | OrgRef, at: SQL, when: SQL = sql`true`): SQL {
  const { currency, timeZone } = refOf(org);
  return sql`(
    select x.rate from exchange_rates x
    where ${when} and d.currency <> ${currency} and x.org_id = d.org_id and x.currency = d.currency
      and x.day <= (${at} at time zone ${timeZone})::date
    order by x.day desc
    limit 1
  )`;
}

/**
 * Subquery (columns currency, rate): for every currency of org `orgId` other than its own, the latest rate on or before
 * `at`'s date in the org's time zone — rateOnOrBefore for a snapshot moment shared by many deals, joined to them by
 * currency (a look-up per open deal cost a fifth of a snapshot over 92,000 of them).
 */
export function ratesOnOrBefore(org: OrgSettings | OrgRef, orgId: string | SQL, at: SQL): SQL {
  const { currency, timeZone } = refOf(org);
  return sql`(
    select distinct on (x.currency) x.currency, x.rate from exchange_rates x
    where x.org_id = ${orgId} and x.currency <> ${currency} and x.day <= (${at} at time zone ${timeZone})::date
    order by x.currency, x.day desc
  )`;
}

/**
 * Deals won in [start, end): final status won with won_at in the range (a deal won and later lost or reopened
 * is not won). Columns: id, won_at, owner_rep_id, amount_org, without_amount, no_rate.
 * amount_org is the amount in the org currency at the latest rate on or before the won date (in the org's time
 * zone); it is null for a deal without an amount (or 0) and for one in a currency with no rate, which the flags report.
 */
export function wonDealsInOrgCurrency(org: OrgSettings, range: { start: Date; end: Date }): SQL {
  return sql`
    select d.id, d.won_at, d.owner_rep_id,
      case when d.amount <> 0 then ${toOrgCurrency(org, sql`d.amount`, sql`fx.rate`)} end as amount_org,
      (d.amount is null or d.amount = 0) as without_amount,
      ${lacksRate(org, sql`fx.rate`)} as no_rate
    from deals d
    left join lateral ${rateOnOrBefore(org, sql`d.won_at`)} fx on true
    where d.org_id = ${org.id} and d.status = 'won'
      and d.won_at >= ${instantParam(range.start)} and d.won_at < ${instantParam(range.end)}`;
}

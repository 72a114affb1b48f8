import { sql, type SQL } from "drizzle-orm";
import type { OrgSettings } from "../org-settings";
import { instantParam, textParam } from "./params";

/**
 * Deals won in [start, end): final status won with won_at in the range (a deal won and later lost or reopened
 * is not won). Columns: id, won_at, owner_rep_id, amount_org, without_amount, no_rate.
 * amount_org is the amount in the org currency, converted at the latest rate on or before the won date
 * (in the org's time zone) and rounded to cents per deal, so every sum of it adds up the same way;
 * it is null for a deal without an amount (or 0) and for one in a currency with no rate, which the flags report.
 */
export function wonDealsInOrgCurrency(org: OrgSettings, range: { start: Date; end: Date }): SQL {
  const currency = textParam(org.currency);
  return sql`
    select d.id, d.won_at, d.owner_rep_id,
      case
        when d.amount is null or d.amount = 0 then null
        when coalesce(d.currency, ${currency}) = ${currency} then d.amount
        else round(d.amount * fx.rate, 2)
      end as amount_org,
      (d.amount is null or d.amount = 0) as without_amount,
      (d.amount is not null and d.amount <> 0 and coalesce(d.currency, ${currency}) <> ${currency} and fx.rate is null) as no_rate
    from deals d
    left join lateral (
      select x.rate from exchange_rates x
      where x.org_id = d.org_id and x.currency = d.currency
        and x.day <= (d.won_at at time zone ${textParam(org.timeZone)})::date
      order by x.day desc
      limit 1
    ) fx on true
    where d.org_id = ${org.id} and d.status = 'won'
      and d.won_at >= ${instantParam(range.start)} and d.won_at < ${instantParam(range.end)}`;
}

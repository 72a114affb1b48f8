import { sql, type SQL } from "drizzle-orm";
import type { ZonedRange } from "@/lib/periods";
import type { OrgSettings } from "../org-settings";
import type { Breakdown } from "../request";
import { breakdownKey } from "./attribution";
import { dateParam, textParam } from "./params";

export type MarketingQuery = { org: OrgSettings; ranges: (ZonedRange & { label: string })[]; channelIds?: number[]; breakdown?: Breakdown };

/**
 * Spend and website sessions per period from marketing_daily (days in the org's calendar), in total and per channel
 * or time bucket. Columns: label, grp, is_total, spend, sessions.
 */
export function marketingQuery({ org, ranges, channelIds, breakdown }: MarketingQuery): SQL {
  const byGroup = breakdown === "channel" || breakdown === "day" || breakdown === "week" || breakdown === "month" || breakdown === "quarter" ? breakdown : undefined;
  const bounds = sql.join(ranges.map((r) => sql`(${textParam(r.label)}, ${dateParam(r.from)}, ${dateParam(r.to)})`), sql`, `);
  return sql`
    with
      bounds (label, from_day, to_day) as (values ${bounds}),
      days as (
        select b.label, m.channel_id, m.spend, m.sessions, (m.day::timestamp at time zone ${textParam(org.timeZone)}) as at
        from marketing_daily m join bounds b on m.day >= b.from_day and m.day < b.to_day
        where m.org_id = ${org.id}
          ${channelIds?.length ? sql`and m.channel_id in (${sql.join(channelIds.map((id) => sql`${id}::bigint`), sql`, `)})` : sql``}
      ),
      grouped as (select p.*, ${breakdownKey(org, byGroup)} as grp from days p)
    select p.label, ${byGroup ? sql`p.grp, grouping(p.grp) = 1` : sql`null::text as grp, true`} as is_total,
      coalesce(sum(p.spend), 0)::float8 as spend, coalesce(sum(p.sessions), 0)::float8 as sessions
    from grouped p
    group by ${byGroup ? sql`grouping sets ((p.label), (p.label, p.grp))` : sql`p.label`}`;
}

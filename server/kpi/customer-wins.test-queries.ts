import type { Sql } from "@/db/client";

/**
 * The customer_wins rollup (migration 0027) of an org as comparable rows, and the same rows computed here from
 * deal_events' won rows: deal-facts.integration.test.ts checks one against the other after each of its writes.
 */
export const customerWinRows = (sql: Sql, orgId: string) =>
  sql`select deal_id::int, customer_id::int, won_at, next_won_at, first_win, credited_rep_id::int, owner_rep_id::int,
      pipeline_id::int, channel_id::int, amount::float8, currency
    from customer_wins where org_id = ${orgId} order by deal_id`;

/** Each won row with a customer: the earliest of the customer's later wins (by time, then deal), and whether none came before. */
export const customerWinRowsFromEvents = (sql: Sql, orgId: string) =>
  sql`select e.deal_id::int, e.customer_id::int, e.at as won_at,
      (select min(x.at) from deal_events x where x.org_id = e.org_id and x.kind = 'won' and x.customer_id = e.customer_id
        and (x.at > e.at or (x.at = e.at and x.deal_id > e.deal_id))) as next_won_at,
      not exists (select 1 from deal_events x where x.org_id = e.org_id and x.kind = 'won' and x.customer_id = e.customer_id
        and (x.at < e.at or (x.at = e.at and x.deal_id < e.deal_id))) as first_win,
      e.credited_rep_id::int, e.owner_rep_id::int, e.pipeline_id::int, e.channel_id::int, e.amount::float8, e.currency
    from deal_events e where e.org_id = ${orgId} and e.kind = 'won' and e.customer_id is not null order by e.deal_id`;

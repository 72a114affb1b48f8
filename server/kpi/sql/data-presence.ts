import { sql, type SQL } from "drizzle-orm";
import type { DataNeed } from "../types";

/**
 * Whether each org has any of each kind of data a metric can need: one row per org (column org_id) of booleans
 * named by DataNeed, one statement for any number of orgs. Only the needs in `needs` are asked.
 */
export function dataPresenceQuery(orgIds: string[], needs: DataNeed[]): SQL {
  const orgId = sql`o.org_id`;
  /**
   * Whether `table` has a row of the org (matching `condition`). Ordered by the primary key after org_id, so the
   * planner walks that index from the org's first entry: a sequential scan "until the first match" looks as cheap
   * but reads every other org's rows first where the table is laid out org by org.
   */
  const probe = (table: string, condition: SQL = sql`true`, order = sql`x.id`) =>
    sql`coalesce((select true from ${sql.identifier(table)} x where x.org_id = ${orgId} and ${condition} order by ${order} limit 1), false)`;
  const probes: Record<DataNeed, SQL> = {
    deals: probe("deals"),
    stage_history: probe("deal_stage_events"),
    owner_history: probe("deal_owner_events"),
    activities: probe("activities"),
    email_tracking: probe("activities", sql`x.email_delivered is not null`),
    call_recordings: probe("activities", sql`x.talk_seconds is not null`),
    spend: probe("marketing_daily", sql`x.spend > 0`, sql`x.channel_id, x.day`),
    sessions: probe("marketing_daily", sql`x.sessions > 0`, sql`x.channel_id, x.day`),
    quotas: probe("quotas"),
    customers: probe("deals", sql`x.customer_id is not null`),
    margin: probe("deals", sql`(x.margin is not null or x.cost is not null)`),
    loss_reasons: probe("loss_reasons", sql`x.winnable`),
    expected_close_dates: probe("deals", sql`x.expected_close_date is not null`),
    // No subscriptions table exists yet: ltv's subscription method always needs them.
    subscriptions: sql`false`,
    custom_values: probe("custom_metric_values"),
    win_probabilities: probe("stages", sql`x.win_probability is not null`),
  };
  const orgs = sql.join(orgIds.map((id) => sql`(${id}::uuid)`), sql`, `);
  return sql`select o.org_id${sql.join(needs.map((need) => sql`, ${probes[need]} as ${sql.identifier(need)}`))}
    from (values ${orgs}) o (org_id)`;
}

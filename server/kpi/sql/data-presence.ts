import { sql, type SQL } from "drizzle-orm";
import type { DataNeed } from "../types";

/**
 * Whether the org has any of each kind of data a metric can need, as one row of booleans named by DataNeed.
 * Only the needs in `needs` are asked.
 */
export function dataPresenceQuery(orgId: string, needs: DataNeed[]): SQL {
  const probes: Record<DataNeed, SQL> = {
    deals: sql`exists (select 1 from deals where org_id = ${orgId})`,
    stage_history: sql`exists (select 1 from deal_stage_events where org_id = ${orgId})`,
    owner_history: sql`exists (select 1 from deal_owner_events where org_id = ${orgId})`,
    activities: sql`exists (select 1 from activities where org_id = ${orgId})`,
    email_tracking: sql`exists (select 1 from activities where org_id = ${orgId} and email_delivered is not null)`,
    call_recordings: sql`exists (select 1 from activities where org_id = ${orgId} and talk_seconds is not null)`,
    spend: sql`exists (select 1 from marketing_daily where org_id = ${orgId} and spend > 0)`,
    sessions: sql`exists (select 1 from marketing_daily where org_id = ${orgId} and sessions > 0)`,
    quotas: sql`exists (select 1 from quotas where org_id = ${orgId})`,
    customers: sql`exists (select 1 from deals where org_id = ${orgId} and customer_id is not null)`,
    margin: sql`exists (select 1 from deals where org_id = ${orgId} and (margin is not null or cost is not null))`,
    loss_reasons: sql`exists (select 1 from loss_reasons where org_id = ${orgId} and winnable)`,
    expected_close_dates: sql`exists (select 1 from deals where org_id = ${orgId} and expected_close_date is not null)`,
    // No subscriptions table exists yet: ltv's subscription method always needs them.
    subscriptions: sql`false`,
    custom_values: sql`exists (select 1 from custom_metric_values where org_id = ${orgId})`,
    win_probabilities: sql`exists (select 1 from stages where org_id = ${orgId} and win_probability is not null)`,
  };
  return sql`select ${sql.join(needs.map((need) => sql`${probes[need]} as ${sql.identifier(need)}`), sql`, `)}`;
}

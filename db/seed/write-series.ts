import { sql } from "drizzle-orm";
import { setExcluded, unnestColumns, type DbOrTx } from "./bulk-upsert";
import type { ExchangeRate } from "./currency";
import type { MarketingDay } from "./marketing";
import type { GeneratedQuota } from "./quotas";
import type { DimensionIds } from "./write-dimensions";

/** Spend and sessions per channel and day, keyed by (org, channel, day). */
export async function writeMarketing(db: DbOrTx, orgId: string, ids: DimensionIds, rows: MarketingDay[]) {
  await db.execute(sql`
    insert into marketing_daily (org_id, source_id, channel_id, day, spend, sessions)
    select ${orgId}::uuid, ${ids.sourceId}::int8, t.channel_id, t.day, t.spend, t.sessions
    from ${unnestColumns([
      ["channel_id", "int8", rows.map((r) => ids.channels.get(r.channel)!)],
      ["day", "date", rows.map((r) => r.day)],
      ["spend", "numeric", rows.map((r) => r.spend)],
      ["sessions", "int4", rows.map((r) => r.sessions)],
    ])}
    on conflict (org_id, channel_id, day) do update set ${setExcluded(["source_id", "spend", "sessions"])}`);
  return rows.length;
}

/** Daily rates of the second currency, keyed by (org, currency, day). */
export async function writeExchangeRates(db: DbOrTx, orgId: string, rows: ExchangeRate[]) {
  await db.execute(sql`
    insert into exchange_rates (org_id, currency, day, rate)
    select ${orgId}::uuid, t.currency, t.day, t.rate
    from ${unnestColumns([
      ["currency", "text", rows.map((r) => r.currency)],
      ["day", "date", rows.map((r) => r.day)],
      ["rate", "numeric", rows.map((r) => r.rate)],
    ])}
    on conflict (org_id, currency, day) do update set rate = excluded.rate`);
  return rows.length;
}

/** Monthly rep plans, keyed by the plan's target (metric, scope, rep, period). */
export async function writeQuotas(db: DbOrTx, orgId: string, ids: DimensionIds, rows: GeneratedQuota[]) {
  await db.execute(sql`
    insert into quotas (org_id, metric, scope, rep_id, period_kind, period_start, target)
    select ${orgId}::uuid, t.metric, 'rep', t.rep_id, 'month', t.period_start, t.target
    from ${unnestColumns([
      ["metric", "text", rows.map((r) => r.metric)],
      ["rep_id", "int8", rows.map((r) => ids.reps.get(r.rep)!)],
      ["period_start", "date", rows.map((r) => r.periodStart)],
      ["target", "numeric", rows.map((r) => r.target)],
    ])}
    on conflict on constraint quotas_target_key do update set target = excluded.target`);
  return rows.length;
}

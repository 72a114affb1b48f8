import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { CustomMetric } from "@/db/schema";
import { addDays, addMonths, monthStart } from "@/lib/periods";
import type { LocalDate } from "@/lib/zoned-time";
import { timeBuckets } from "@/server/kpi/periods";

export type ValueGridRow = { repId: number | null; name: string | null; values: (number | null)[] };
export type ValueGrid = { periodStarts: LocalDate[]; rows: ValueGridRow[] };

/** First days of the periods the grid shows: a year of months, a quarter of weeks or a month of days around `anchor`. */
export function gridPeriodStarts(granularity: CustomMetric["granularity"], anchor: LocalDate, weekStart: number): LocalDate[] {
  if (granularity === "month") {
    const yearStart = `${anchor.slice(0, 4)}-01-01`;
    return timeBuckets(yearStart, addMonths(yearStart, 12), "month", weekStart);
  }
  if (granularity === "week") {
    const month = Number(anchor.slice(5, 7));
    const quarterStart = `${anchor.slice(0, 4)}-${String(month - ((month - 1) % 3)).padStart(2, "0")}-01`;
    return timeBuckets(quarterStart, addMonths(quarterStart, 3), "week", weekStart);
  }
  const start = monthStart(anchor);
  return timeBuckets(start, addMonths(start, 1), "day", weekStart);
}

/** Whether `date` starts a period of the metric's granularity (months on the 1st, weeks on the org's week start). */
export function isPeriodStart(granularity: CustomMetric["granularity"], date: LocalDate, weekStart: number): boolean {
  return timeBuckets(date, addDays(date, 1), granularity, weekStart)[0] === date;
}

type Row = { rep_id: string | null; name: string | null; period_start: string | null; value: number | null };

/** Entered values of a metric: the org-wide row first, then active reps and reps with values in the stretch. */
export async function getValueGrid(db: Db, orgId: string, metric: CustomMetric, anchor: LocalDate, weekStart: number): Promise<ValueGrid> {
  const periodStarts = gridPeriodStarts(metric.granularity, anchor, weekStart);
  const from = periodStarts[0]!;
  const to = periodStarts.at(-1)!;
  const rows = await db.execute<Row>(sql`
    with entered as (
      select rep_id, period_start::text as period_start, value::float8 as value from custom_metric_values
      where org_id = ${orgId} and metric_id = ${metric.id} and period_start between ${from}::date and ${to}::date
    )
    select null::int8 as rep_id, null as name, e.period_start, e.value from (select 1) one
      left join entered e on e.rep_id is null
    union all
    select r.id, r.name, e.period_start, e.value from reps r
      left join entered e on e.rep_id = r.id
    where r.org_id = ${orgId} and (r.active or e.rep_id is not null)`);
  const byRep = new Map<string, ValueGridRow>();
  const index = new Map(periodStarts.map((start, i) => [start, i]));
  for (const row of rows) {
    const key = row.rep_id ?? "org";
    let gridRow = byRep.get(key);
    if (!gridRow) {
      gridRow = { repId: row.rep_id === null ? null : Number(row.rep_id), name: row.name, values: periodStarts.map(() => null) };
      byRep.set(key, gridRow);
    }
    const i = row.period_start === null ? undefined : index.get(row.period_start);
    if (i !== undefined) gridRow.values[i] = row.value;
  }
  const [org, ...repRows] = [...byRep.values()];
  return { periodStarts, rows: [org!, ...repRows.sort((a, b) => a.name!.localeCompare(b.name!) || a.repId! - b.repId!)] };
}

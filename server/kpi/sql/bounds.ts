import { sql, type SQL } from "drizzle-orm";
import { instantParam, textParam } from "./params";

/** A period to compute for, with the label its result rows carry. */
export type LabelledRange = { label: string; start: Date; end: Date };

/** The `bounds (label, start_at, end_at)` CTE body: one row per period. */
export function boundsValues(ranges: LabelledRange[]): SQL {
  return sql`values ${sql.join(
    ranges.map((r) => sql`(${textParam(r.label)}, ${instantParam(r.start)}, ${instantParam(r.end)})`),
    sql`, `,
  )}`;
}

/**
 * The org-aware `bounds (org_id, label, start_at, end_at)` CTE: one row per org and period. Builders join it on
 * `b.org_id = x.org_id`, so one statement computes every org of a set, each over its own periods.
 */
export function orgBoundsCte(orgs: { org: { id: string }; ranges: LabelledRange[] }[]): SQL {
  const rows = orgs.flatMap(({ org, ranges }) =>
    ranges.map((r) => sql`(${org.id}::uuid, ${textParam(r.label)}, ${instantParam(r.start)}, ${instantParam(r.end)})`),
  );
  return sql`bounds (org_id, label, start_at, end_at) as (values ${sql.join(rows, sql`, `)})`;
}

export const inBounds = (at: SQL) => sql`${at} >= b.start_at and ${at} < b.end_at`;

/**
 * `at` lies within the span from the earliest period start to the latest period end: a range the planner can take
 * to an (org_id, moment) index, before the exact per-period test.
 */
export function withinSpan(ranges: LabelledRange[], at: SQL): SQL {
  const start = new Date(Math.min(...ranges.map((r) => r.start.getTime())));
  const end = new Date(Math.max(...ranges.map((r) => r.end.getTime())));
  return sql`${at} >= ${instantParam(start)} and ${at} < ${instantParam(end)}`;
}

/**
 * The `day_bounds` CTE: the rows of `bounds` (joined through `join`, for the time zone of several orgs) with each
 * period's whole local days in `timeZone`, [full_from, full_to) (from its start if that is a day's first moment), and
 * the instants those days begin (full_from_at, full_to_at). Rollups by local day give the whole days; the rows of the
 * others are read one by one (partialDayRanges).
 */
export function dayBoundsCte(timeZone: SQL, join: SQL = sql``): SQL {
  return sql`day_bounds as (
    select b.*, f.full_from, f.full_to,
      (f.full_from::timestamp at time zone ${timeZone}) as full_from_at, (f.full_to::timestamp at time zone ${timeZone}) as full_to_at
    from bounds b ${join}
    cross join lateral (select (b.start_at at time zone ${timeZone})::date as start_day) s
    cross join lateral (select
      case when ((b.start_at - interval '1 microsecond') at time zone ${timeZone})::date < s.start_day then s.start_day else s.start_day + 1 end as full_from,
      (b.end_at at time zone ${timeZone})::date as full_to) f
  )`;
}

/**
 * For day_bounds row `b`: the ranges `r(s, e)` that hold the moments of its partial days, before its first whole day
 * and from its last on, read up to three hours past those days' first moments (no time zone shifts a midnight by
 * more); each row in them is then placed by its local day (onPartialDay).
 */
export const partialDayRanges = sql`cross join lateral (values
  (b.start_at, least(b.end_at, b.full_from_at + interval '3 hours')),
  (greatest(least(b.end_at, b.full_from_at + interval '3 hours'), b.full_to_at - interval '3 hours'), b.end_at)) r(s, e)`;

/** Local day `day` is one of day_bounds row `b`'s whole days (or not). */
export const onWholeDay = (day: SQL) => sql`(${day} >= b.full_from and ${day} < b.full_to)`;
export const onPartialDay = (day: SQL) => sql`not ${onWholeDay(day)}`;

/**
 * The deal_days groups of org `orgId` and `kinds` on day_bounds row `b`'s whole days (and `where`), as `r`: one index range per
 * period, each period's own (a lateral fenced with offset 0: joined, the planner read the whole table for a set of
 * orgs and hashed it, 0.7 s for fifty clients' month).
 */
export const wholeDayGroups = (orgId: SQL, kinds: SQL, where: SQL = sql`true`) => sql`cross join lateral (
    select r.* from deal_days r where r.org_id = ${orgId} and r.kind in (${kinds}) and ${onWholeDay(sql`r.day`)} and ${where} offset 0
  ) r`;

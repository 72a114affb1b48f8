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

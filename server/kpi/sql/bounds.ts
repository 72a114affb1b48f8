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

export const inBounds = (at: SQL) => sql`${at} >= b.start_at and ${at} < b.end_at`;

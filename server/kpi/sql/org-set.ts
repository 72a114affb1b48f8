import { sql, type SQL } from "drizzle-orm";
import type { OrgSettings } from "../org-settings";
import type { LabelledRange } from "./bounds";
import { instantParam, textParam } from "./params";

/** One org a query computes for, with its own periods. */
export type OrgPeriods = { org: OrgSettings; ranges: LabelledRange[] };

/** What a builder computes for: one org and its periods, or a set of orgs, each with its own periods. */
export type OrgScope = { org: OrgSettings; ranges: LabelledRange[] } | { orgs: OrgPeriods[] };

export const orgSetOf = (scope: OrgScope): OrgPeriods[] => ("orgs" in scope ? scope.orgs : [{ org: scope.org, ranges: scope.ranges }]);

/**
 * How SQL names the org of the row at hand and its settings. Builders join the `org_settings os` row of that org
 * (see orgSettingsCte); for a one-org set the reference is the org's literal values instead of that row's columns,
 * so the planner sees the org id (its statistics) and the span of the periods as constants, as it always did.
 */
export type OrgRef = {
  /** The set has several orgs: the settings are the joined `os` row's columns. */
  several: boolean;
  id: SQL;
  currency: SQL;
  timeZone: SQL;
  weekStart: SQL;
  conversionWindowDays: SQL;
  /** The earliest period start and the latest period end of the org (null where the set has no ranges). */
  spanStart: SQL;
  spanEnd: SQL;
  /** `column` (an org_id) is one of the set's orgs. */
  inSet: (column: SQL) => SQL;
  /**
   * The join of the `os` row of the org whose id is `orgId` (a column of the row at hand), where the SQL of that
   * step `uses` the reference: nothing for one org, whose reference is literal.
   */
  join: (orgId: SQL, uses?: boolean) => SQL;
};

const spanOf = (ranges: LabelledRange[] | undefined) =>
  ranges?.length
    ? { start: new Date(Math.min(...ranges.map((r) => r.start.getTime()))), end: new Date(Math.max(...ranges.map((r) => r.end.getTime()))) }
    : undefined;

/** The literal reference to one org (what builders used before org sets: the org's id and settings as parameters). */
export function literalOrgRef(org: OrgSettings, ranges?: LabelledRange[]): OrgRef {
  const span = spanOf(ranges);
  return {
    several: false,
    id: sql`${org.id}`,
    currency: textParam(org.currency),
    timeZone: textParam(org.timeZone),
    weekStart: sql`${org.weekStart}::int`,
    conversionWindowDays: sql`${org.conversionWindowDays}::int`,
    spanStart: span ? instantParam(span.start) : sql`null::timestamptz`,
    spanEnd: span ? instantParam(span.end) : sql`null::timestamptz`,
    inSet: (column) => sql`${column} = ${org.id}`,
    join: () => sql``,
  };
}

const columnRef: OrgRef = {
  several: true,
  id: sql`os.org_id`,
  currency: sql`os.currency`,
  timeZone: sql`os.time_zone`,
  weekStart: sql`os.week_start`,
  conversionWindowDays: sql`os.conversion_window_days`,
  spanStart: sql`os.span_start`,
  spanEnd: sql`os.span_end`,
  inSet: (column) => sql`${column} in (select org_id from org_settings)`,
  join: (orgId, uses = true) => (uses ? sql`join org_settings os on os.org_id = ${orgId}` : sql``),
};

/** The reference builders use for `orgs`: literals for one org, the joined `os` row's columns for several. */
export const orgRefOf = (orgs: { org: OrgSettings; ranges?: LabelledRange[] }[]): OrgRef =>
  orgs.length === 1 ? literalOrgRef(orgs[0]!.org, orgs[0]!.ranges) : columnRef;

/** An org's settings or a reference to them: helpers that take either (one org's callers pass its settings). */
export const refOf = (org: OrgSettings | OrgRef): OrgRef => (typeof org.currency === "string" ? literalOrgRef(org as OrgSettings) : (org as OrgRef));

/**
 * The `org_settings (org_id, currency, time_zone, week_start, conversion_window_days, span_start, span_end)` CTE:
 * one row per org of the set with the settings its SQL needs, and the span of its periods where it has ranges.
 */
export function orgSettingsCte(orgs: { org: OrgSettings; ranges?: LabelledRange[] }[]): SQL {
  const rows = orgs.map(({ org, ranges }) => {
    const span = spanOf(ranges);
    return sql`(${org.id}::uuid, ${textParam(org.currency)}, ${textParam(org.timeZone)}, ${org.weekStart}::int, ${org.conversionWindowDays}::int,
      ${span ? instantParam(span.start) : sql`null::timestamptz`}, ${span ? instantParam(span.end) : sql`null::timestamptz`})`;
  });
  return sql`org_settings (org_id, currency, time_zone, week_start, conversion_window_days, span_start, span_end) as (values ${sql.join(rows, sql`, `)})`;
}

import { sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";

/** A database or an open transaction on it: loaders run inside a caller's transaction or on their own. */
export type DbOrTx = Db | Tx;

type Value = string | number | boolean | null;
/** [column name, PostgreSQL element type, one value per row]. */
export type Column = readonly [name: string, type: string, values: readonly Value[]];

/**
 * `unnest($1::type[], …) as t(names…)`: many rows as one parameter per column, a multi-row insert that works
 * the same on PostgreSQL and through the PGlite socket (COPY FROM STDIN does not: it hangs there). Each array
 * travels as a literal string, because postgres.js would type an array by its first element.
 */
export function unnestColumns(columns: readonly Column[]): SQL {
  const arrays = columns.map(([, type, values]) => sql`${arrayLiteral(values)}::${sql.raw(type)}[]`);
  return sql`unnest(${sql.join(arrays, sql`, `)}) as t(${sql.raw(columns.map(([name]) => name).join(", "))})`;
}

/** `a = excluded.a, b = excluded.b`: an upsert that overwrites the listed columns with the incoming values. */
export function setExcluded(names: readonly string[]): SQL {
  return sql.raw(names.map((name) => `${name} = excluded.${name}`).join(", "));
}

function arrayLiteral(values: readonly Value[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === undefined) throw new Error("A bulk value is undefined: an unknown reference?");
    if (value === null) parts[i] = "NULL";
    else if (typeof value === "string") parts[i] = `"${value.replace(/["\\]/g, "\\$&")}"`;
    else if (typeof value === "boolean") parts[i] = value ? "t" : "f";
    else if (Number.isFinite(value)) parts[i] = String(value);
    else throw new Error(`Not a finite number: ${value}`);
  }
  return `{${parts.join(",")}}`;
}

/** Rows returned as `{ id, external_id }` (ids arrive as strings from bigint columns) → external id → id. */
export function idsByExternalId(rows: readonly Record<string, unknown>[]): Map<string, number> {
  return new Map(rows.map((row) => [String(row.external_id), Number(row.id)]));
}

export const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

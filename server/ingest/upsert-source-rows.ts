import { sql, type SQL } from "drizzle-orm";
import { unnestColumns, type Column, type DbOrTx } from "@/db/seed/bulk-upsert";

export type SourceScope = { orgId: string; sourceId: number };
export type RowChange = "created" | "updated";
export type UpsertedRows = { ids: Map<string, number>; changes: Map<string, RowChange> };

/**
 * One multi-row upsert of records keyed by (org_id, source_id, external_id); `columns` must hold external_id and
 * no key appears twice. On conflict only `update` columns are set, and only when one of them differs, so a
 * resent record changes nothing. `select` overrides a column's value expression over the unnested rows `t`;
 * `set` overrides what a column becomes on conflict (an expression over `excluded` and the table). Returns
 * every key's id, and which keys were created or updated.
 *
 * Unchanged rows are read back one key at a time (a LATERAL … LIMIT 1 the planner cannot turn into a hash join):
 * with a young table's stale statistics a join here scanned the whole source on every batch.
 */
export async function upsertSourceRows(
  db: DbOrTx,
  scope: SourceScope,
  spec: { table: string; columns: readonly Column[]; update: readonly string[]; select?: Record<string, SQL>; set?: Record<string, string> },
): Promise<UpsertedRows> {
  const ids = new Map<string, number>();
  const changes = new Map<string, RowChange>();
  if (spec.columns[0]![2].length === 0) return { ids, changes };
  const names = spec.columns.map(([name]) => name);
  const table = sql.raw(spec.table);
  const selected = sql.join(
    names.map((name) => sql`${spec.select?.[name] ?? sql.raw(`t.${name}`)} as ${sql.raw(name)}`),
    sql`, `,
  );
  const newValue = (name: string) => spec.set?.[name] ?? `excluded.${name}`;
  const setList = sql.raw(spec.update.map((name) => `${name} = ${newValue(name)}`).join(", "));
  const changed = sql.raw(
    `(${spec.update.map((name) => `${spec.table}.${name}`).join(", ")}) is distinct from (${spec.update.map(newValue).join(", ")})`,
  );
  const rows = await db.execute(sql`
    with incoming as (select ${selected} from ${unnestColumns(spec.columns)}),
    written as (
      insert into ${table} (org_id, source_id, ${sql.raw(names.join(", "))})
      select ${scope.orgId}::uuid, ${scope.sourceId}::int8, ${sql.raw(names.join(", "))} from incoming
      on conflict (org_id, source_id, external_id) do update set ${setList} where ${changed}
      returning id, external_id, (xmax = 0) as created
    )
    select id, external_id, created from written
    union all
    select x.id, x.external_id, null from incoming i
    cross join lateral (
      select x.id, x.external_id from ${table} x
      where x.org_id = ${scope.orgId}::uuid and x.source_id = ${scope.sourceId}::int8 and x.external_id = i.external_id
      limit 1
    ) x
    where not exists (select 1 from written w where w.external_id = i.external_id)`);
  for (const row of rows as unknown as { id: string; external_id: string; created: boolean | null }[]) {
    ids.set(row.external_id, Number(row.id));
    if (row.created !== null) changes.set(row.external_id, row.created ? "created" : "updated");
  }
  return { ids, changes };
}

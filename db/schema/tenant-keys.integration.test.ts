import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/test/db";

/**
 * Every tenant table (one with org_id) has org_id leading its primary key and every foreign key to another
 * tenant table, so tables can be distributed by tenant later and per-tenant indexes serve queries.
 */
describe("tenant keys", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    testDb = await createTestDatabase();
  });
  afterAll(() => testDb.drop());

  it("puts org_id first in every tenant table's primary key", async () => {
    const rows = await testDb.sql<{ table: string; first: string | null }[]>`
      select c.relname as table,
             (select a.attname from pg_attribute a where a.attrelid = c.oid and a.attnum = con.conkey[1]) as first
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
      left join pg_constraint con on con.conrelid = c.oid and con.contype = 'p'
      where c.relkind = 'r'
        and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'org_id' and not a.attisdropped)`;
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.filter((r) => r.first !== "org_id").map((r) => r.table)).toEqual([]);
  });

  it("leads every foreign key between tenant tables with org_id", async () => {
    const rows = await testDb.sql<{ name: string; first: string }[]>`
      select con.conname as name,
             (select a.attname from pg_attribute a where a.attrelid = con.conrelid and a.attnum = con.conkey[1]) as first
      from pg_constraint con
      join pg_class target on target.oid = con.confrelid
      where con.contype = 'f'
        and exists (select 1 from pg_attribute a where a.attrelid = con.conrelid and a.attname = 'org_id')
        and exists (select 1 from pg_attribute a where a.attrelid = target.oid and a.attname = 'org_id')`;
    expect(rows.length).toBeGreaterThan(20);
    expect(rows.filter((r) => r.first !== "org_id").map((r) => r.name)).toEqual([]);
  });
});

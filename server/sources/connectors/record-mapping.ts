import type { ConnectorContext, PageResult, SourceMessage } from "@/server/sources/connector";

/** A CRM record that cannot be mapped (a missing field, an unknown stage…): the run reports it and goes on. */
export class RecordProblem extends Error {
  constructor(readonly sourceMessage: SourceMessage) {
    super(sourceMessage.key);
  }
}

/** Maps each row of a page; a row the mapper refuses becomes a reported failure instead of failing the page. */
export function mapRows<T extends { id?: unknown; ID?: unknown }, R>(rows: T[], map: (row: T) => R): Pick<PageResult, "records" | "failures"> {
  const records: R[] = [];
  const failures: NonNullable<PageResult["failures"]> = [];
  for (const row of rows) {
    try {
      records.push(map(row));
    } catch (error) {
      const id = row?.id ?? row?.ID;
      const message = error instanceof RecordProblem ? error.sourceMessage : { key: "sources.crm.record.unreadable" };
      failures.push({ externalId: id === undefined || id === null ? undefined : String(id), message });
    }
  }
  return { records, failures };
}

/** A value loaded once per run (users, stage lists…) and shared by every page and stream of it. */
export async function cachedPerRun<T>(ctx: ConnectorContext, key: string, load: () => Promise<T>): Promise<T> {
  if (!ctx.cache.has(key)) ctx.cache.set(key, load());
  return (await ctx.cache.get(key)) as T;
}

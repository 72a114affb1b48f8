import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { channels, pipelines, reps, teams } from "@/db/schema";

export type Option = { id: number; name: string };
export type FilterOptions = { reps: Option[]; teams: Option[]; pipelines: Option[]; channels: Option[] };

/** What the filter bar offers, and the names breakdown rows are shown by. */
export async function loadFilterOptions(db: Db, orgId: string): Promise<FilterOptions> {
  const list = <T extends typeof reps | typeof teams | typeof pipelines | typeof channels>(table: T) =>
    db
      .select({ id: table.id, name: table.name })
      .from(table as typeof reps)
      .where(eq(table.orgId, orgId))
      .orderBy(asc(table.name))
      .then((rows) => rows.map((row) => ({ id: Number(row.id), name: row.name })));
  const [repRows, teamRows, pipelineRows, channelRows] = await Promise.all([list(reps), list(teams), list(pipelines), list(channels)]);
  return { reps: repRows, teams: teamRows, pipelines: pipelineRows, channels: channelRows };
}

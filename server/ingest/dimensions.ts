import { and, eq, inArray, sql } from "drizzle-orm";
import { unnestColumns, type DbOrTx } from "@/db/seed/bulk-upsert";
import { reps, stages, teams } from "@/db/schema";
import { mapStagesFromTemplate } from "@/server/agency/stage-template";
import type { Ref, RepRef, StageRef } from "./schemas/common";
import { upsertSourceRows, type SourceScope } from "./upsert-source-rows";

type Table = "pipelines" | "channels" | "customers" | "loss_reasons";

/** The distinct refs of a batch by external id; the last name seen wins. */
function distinct<T extends Ref>(refs: readonly (T | undefined)[]): T[] {
  const byId = new Map<string, T>();
  for (const ref of refs) if (ref) byId.set(ref.externalId, ref);
  return [...byId.values()];
}

/** Pipelines, channels, customers or loss reasons named by the batch: created on first use, renamed when the name changes. */
export async function upsertNamedRefs(db: DbOrTx, scope: SourceScope, table: Table, refs: readonly (Ref | undefined)[]) {
  const rows = distinct(refs);
  const { ids } = await upsertSourceRows(db, scope, {
    table,
    columns: [
      ["external_id", "text", rows.map((r) => r.externalId)],
      ["name", "text", rows.map((r) => r.name)],
    ],
    update: ["name"],
  });
  return ids;
}

/** Reps by external id; an e-mail, when sent, is kept. */
export async function upsertReps(db: DbOrTx, scope: SourceScope, refs: readonly (RepRef | undefined)[]) {
  const rows = distinct(refs);
  const { ids } = await upsertSourceRows(db, scope, {
    table: "reps",
    columns: [
      ["external_id", "text", rows.map((r) => r.externalId)],
      ["name", "text", rows.map((r) => r.name)],
      ["email", "text", rows.map((r) => r.email ?? null)],
    ],
    update: ["name", "email"],
    set: { email: "coalesce(excluded.email, reps.email)" },
  });
  return ids;
}

/**
 * Stages, each in the pipeline it was first seen in. A new stage goes after the pipeline's last one; a funnel
 * step sent with a stage maps it only while it is unmapped, so the pipeline page's mapping is never overwritten.
 */
export async function upsertStages(db: DbOrTx, scope: SourceScope, refs: readonly { stage: StageRef | undefined; pipelineId: number }[]) {
  const byId = new Map<string, { stage: StageRef; pipelineId: number }>();
  for (const ref of refs) if (ref.stage && !byId.has(ref.stage.externalId)) byId.set(ref.stage.externalId, { stage: ref.stage, pipelineId: ref.pipelineId });
  const rows = [...byId.values()];
  const { ids } = await upsertSourceRows(db, scope, {
    table: "stages",
    columns: [
      ["external_id", "text", rows.map((r) => r.stage.externalId)],
      ["pipeline_id", "int8", rows.map((r) => r.pipelineId)],
      ["name", "text", rows.map((r) => r.stage.name)],
      ["position", "int2", rows.map((_, i) => i)],
      ["funnel_step", "funnel_step", rows.map((r) => r.stage.step ?? null)],
    ],
    update: ["name", "funnel_step"],
    select: {
      position: sql`(select coalesce(max(s.position) + 1, 0) from stages s where s.org_id = ${scope.orgId}::uuid and s.pipeline_id = t.pipeline_id)
        + (row_number() over (partition by t.pipeline_id order by t.position))::int - 1`,
    },
    set: { funnel_step: "coalesce(stages.funnel_step, excluded.funnel_step)" },
  });
  // A client an agency set up maps new stages by the names in the agency's template (only stages still unmapped).
  if (rows.length > 0) await mapStagesFromTemplate(db, scope.orgId);
  return ids;
}

/**
 * Ids of the source's deals (with their pipeline) for the given external ids; unknown ones are absent. One index
 * lookup per key (LATERAL … LIMIT 1): an `in (…)` list let a stale-statistics plan filter the whole source.
 */
export async function findDeals(db: DbOrTx, scope: SourceScope, externalIds: string[]) {
  const rows = externalIds.length
    ? ((await db.execute(sql`
        select d.id, d.external_id, d.pipeline_id from ${unnestColumns([["external_id", "text", externalIds]])}
        cross join lateral (
          select d.id, d.external_id, d.pipeline_id from deals d
          where d.org_id = ${scope.orgId}::uuid and d.source_id = ${scope.sourceId}::int8 and d.external_id = t.external_id
          limit 1
        ) d`)) as unknown as { id: string; external_id: string; pipeline_id: string }[])
    : [];
  return new Map(rows.map((row) => [row.external_id, { id: Number(row.id), pipelineId: Number(row.pipeline_id) }]));
}

/** Ids of the API source's reps or teams for the given external ids. */
export async function findIds(db: DbOrTx, scope: SourceScope, table: typeof reps | typeof teams, externalIds: string[]) {
  const rows = externalIds.length
    ? await db
        .select({ id: table.id, externalId: table.externalId })
        .from(table)
        .where(and(eq(table.orgId, scope.orgId), eq(table.sourceId, scope.sourceId), inArray(table.externalId, externalIds)))
    : [];
  return new Map(rows.map((row) => [row.externalId!, row.id]));
}

/** The pipeline each of the given stages belongs to. */
export async function stagePipelineIds(db: DbOrTx, orgId: string, stageIds: number[]) {
  const rows = stageIds.length
    ? await db.select({ id: stages.id, pipelineId: stages.pipelineId }).from(stages).where(and(eq(stages.orgId, orgId), inArray(stages.id, stageIds)))
    : [];
  return new Map(rows.map((row) => [row.id, row.pipelineId]));
}

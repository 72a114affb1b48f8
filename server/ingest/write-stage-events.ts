import { findDeals, stagePipelineIds, upsertStages } from "./dimensions";
import { countChanges, type KindWriter } from "./kind-writer";
import { recomputeDealOutcomes } from "@/server/deals/recompute-deal-outcomes";
import type { StageEventRecord } from "./schemas/stage-events";
import { upsertSourceRows } from "./upsert-source-rows";
import type { FieldProblem, RecordFailure } from "./validate-records";

const problem = (path: string, name: string): FieldProblem => ({ path, message: `apiKeys.record.${name}` });

/**
 * Stage moves of deals pushed before (a move of an unknown deal is refused), with the stages they name created
 * in the deal's pipeline; then the outcome of every deal the batch touches is recomputed from its history.
 */
export const writeStageEvents: KindWriter<StageEventRecord> = async (tx, scope, records) => {
  const deals = await findDeals(tx, scope, [...new Set(records.map((r) => r.record.dealExternalId))]);
  const failed: RecordFailure[] = [];
  const known = records.filter(({ index, record }) => {
    if (deals.has(record.dealExternalId)) return true;
    failed.push({ index, externalId: record.externalId, errors: [problem("dealExternalId", "unknownDeal")] });
    return false;
  });
  const pipelineOf = (e: StageEventRecord) => deals.get(e.dealExternalId)!.pipelineId;
  const stageIds = await upsertStages(
    tx,
    scope,
    known.flatMap(({ record }) => [
      { stage: record.toStage, pipelineId: pipelineOf(record) },
      { stage: record.fromStage, pipelineId: pipelineOf(record) },
    ]),
  );
  const stagePipelines = await stagePipelineIds(tx, scope.orgId, [...stageIds.values()]);
  const events = known.filter(({ index, record }) => {
    const misplaced = (["toStage", "fromStage"] as const).filter((field) => {
      const stage = record[field];
      return stage && stagePipelines.get(stageIds.get(stage.externalId)!) !== pipelineOf(record);
    });
    if (misplaced.length === 0) return true;
    failed.push({ index, externalId: record.externalId, errors: misplaced.map((field) => problem(`${field}.externalId`, "stageInOtherPipeline")) });
    return false;
  });

  const column = <T extends string | number | null>(name: string, type: string, value: (e: StageEventRecord) => T) =>
    [name, type, events.map(({ record }) => value(record))] as const;
  const { changes } = await upsertSourceRows(tx, scope, {
    table: "deal_stage_events",
    columns: [
      column("external_id", "text", (e) => e.externalId),
      column("deal_id", "int8", (e) => deals.get(e.dealExternalId)!.id),
      column("from_stage_id", "int8", (e) => (e.fromStage ? stageIds.get(e.fromStage.externalId)! : null)),
      column("to_stage_id", "int8", (e) => stageIds.get(e.toStage.externalId)!),
      column("at", "timestamptz", (e) => e.at),
    ],
    update: ["deal_id", "from_stage_id", "to_stage_id", "at"],
  });
  const dealIds = new Set(events.map(({ record }) => deals.get(record.dealExternalId)!.id));
  await recomputeDealOutcomes(tx, scope.orgId, [...dealIds].map((id) => ({ id })));
  return { ...countChanges(changes), failed };
};

import { sql } from "drizzle-orm";
import { dealStatusOfStep, recomputeDealOutcomes } from "@/server/deals/recompute-deal-outcomes";
import { stagePipelineIds, upsertNamedRefs, upsertReps, upsertStages } from "./dimensions";
import { countChanges, type KindWriter } from "./kind-writer";
import type { DealRecord } from "./schemas/deals";
import { upsertSourceRows } from "./upsert-source-rows";
import type { RecordFailure } from "./validate-records";

/**
 * A deal with stage history stays in its last event's stage: the record's own stage counts only without history.
 * A scalar subquery, not EXISTS: the planner may hash an EXISTS, reading every stage event of the org per batch.
 */
const stageUnlessHistory =
  "case when (select e.id from deal_stage_events e where e.org_id = deals.org_id and e.deal_id = deals.id limit 1) is not null then deals.stage_id else excluded.stage_id end";

const stageInOtherPipeline = [{ path: "stage.externalId", message: "apiKeys.record.stageInOtherPipeline" }];

/**
 * Deals with the pipelines, stages, owners, channels, customers and loss reasons they name; then every deal of
 * the batch has its outcome recomputed (its stage history wins over the record's own stage and close time).
 */
export const writeDeals: KindWriter<DealRecord> = async (tx, scope, records) => {
  const all = records.map((r) => r.record);
  const [pipelineIds, repIds, channelIds, customerIds, lossReasonIds] = await Promise.all([
    upsertNamedRefs(tx, scope, "pipelines", all.map((d) => d.pipeline)),
    upsertReps(tx, scope, all.map((d) => d.owner)),
    upsertNamedRefs(tx, scope, "channels", all.map((d) => d.channel)),
    upsertNamedRefs(tx, scope, "customers", all.map((d) => d.customer)),
    upsertNamedRefs(tx, scope, "loss_reasons", all.map((d) => d.lossReason)),
  ]);
  const pipelineOf = (d: DealRecord) => pipelineIds.get(d.pipeline.externalId)!;
  const stageIds = await upsertStages(tx, scope, all.map((d) => ({ stage: d.stage, pipelineId: pipelineOf(d) })));
  const stagePipelines = await stagePipelineIds(tx, scope.orgId, [...stageIds.values()]);

  // A stage key names one stage; a deal whose stage already lives in another pipeline is refused.
  const failed: RecordFailure[] = [];
  const deals = records.filter(({ index, record }) => {
    if (stagePipelines.get(stageIds.get(record.stage.externalId)!) === pipelineOf(record)) return true;
    failed.push({ index, externalId: record.externalId, errors: stageInOtherPipeline });
    return false;
  });
  const ref = (ids: Map<string, number>, r: { externalId: string } | undefined) => (r ? ids.get(r.externalId)! : null);
  const column = <T extends string | number | null>(name: string, type: string, value: (d: DealRecord) => T) =>
    [name, type, deals.map(({ record }) => value(record))] as const;
  const statusOfOwnStage = dealStatusOfStep(sql`(select s.funnel_step from stages s where s.org_id = ${scope.orgId}::uuid and s.id = t.stage_id)`);
  const { ids, changes } = await upsertSourceRows(tx, scope, {
    table: "deals",
    columns: [
      column("external_id", "text", (d) => d.externalId),
      column("title", "text", (d) => d.title ?? null),
      column("pipeline_id", "int8", pipelineOf),
      column("stage_id", "int8", (d) => stageIds.get(d.stage.externalId)!),
      column("owner_rep_id", "int8", (d) => ref(repIds, d.owner)),
      column("channel_id", "int8", (d) => ref(channelIds, d.channel)),
      column("customer_id", "int8", (d) => ref(customerIds, d.customer)),
      column("amount", "numeric", (d) => d.amount ?? null),
      column("currency", "text", (d) => d.currency ?? null),
      column("cost", "numeric", (d) => d.cost ?? null),
      column("margin", "numeric", (d) => (d.amount !== undefined && d.cost !== undefined ? d.amount - d.cost : null)),
      column("created_at", "timestamptz", (d) => d.createdAt),
      column("loss_reason_id", "int8", (d) => ref(lossReasonIds, d.lossReason)),
      column("expected_close_date", "date", (d) => d.expectedCloseDate ?? null),
      column("crm_url", "text", (d) => d.crmUrl ?? null),
      // A new deal starts with the outcome of its own stage and close time (the recompute then writes only differences).
      column("status", "deal_status", () => "open"),
      column("won_at", "timestamptz", (d) => d.closedAt ?? null),
      column("lost_at", "timestamptz", (d) => d.closedAt ?? null),
    ],
    update: [
      "title", "pipeline_id", "stage_id", "owner_rep_id", "channel_id", "customer_id", "amount", "currency",
      "cost", "margin", "created_at", "loss_reason_id", "expected_close_date", "crm_url",
    ],
    select: {
      status: statusOfOwnStage,
      won_at: sql`case when ${statusOfOwnStage} = 'won' then t.won_at end`,
      lost_at: sql`case when ${statusOfOwnStage} = 'lost' then t.lost_at end`,
    },
    set: { stage_id: stageUnlessHistory },
  });
  const recomputed = await recomputeDealOutcomes(
    tx,
    scope.orgId,
    deals.map(({ record }) => ({ id: ids.get(record.externalId)!, closedAt: record.closedAt ?? null })),
  );
  const externalIdById = new Map([...ids].map(([externalId, id]) => [id, externalId]));
  return { ...countChanges(changes, recomputed.map((id) => externalIdById.get(id)!)), failed };
};

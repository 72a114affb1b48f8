import type { StageRef } from "@/server/ingest/schemas/common";
import type { StageEventRecord } from "@/server/ingest/schemas/stage-events";
import type { PdLookups } from "./lookups";
import { stageRef } from "./map-deal";
import { outcomeStage } from "./outcome-stages";
import { pdTime, type PdDeal, type PdFlowItem } from "./pipedrive-api";

/**
 * A deal's stage history from its flow: entering its first stage at creation, each stage_id change, and each status
 * change to won/lost (a move into the pipeline's synthetic outcome stage) or back to open (a move out of it).
 * A deal won or lost without a status change in the flow (imported closed) moves at won_time/lost_time.
 * Moves into another pipeline's stages are left out (the canonical history keeps a deal in one pipeline).
 */
export function mapDealHistory(deal: PdDeal, flow: PdFlowItem[], lookups: PdLookups): StageEventRecord[] {
  const dealId = String(deal.id);
  const changes = flow
    .filter((item) => item.object === "dealChange" && (item.data.field_key === "stage_id" || item.data.field_key === "status"))
    .map((item) => ({ id: item.data.id, field: item.data.field_key, from: item.data.old_value, to: item.data.new_value, at: pdTime(item.data.log_time ?? item.timestamp)! }))
    .sort((a, b) => a.at.localeCompare(b.at) || a.id - b.id);

  const firstStageChange = changes.find((c) => c.field === "stage_id");
  let stage = stageRef(firstStageChange ? firstStageChange.from : deal.stage_id, lookups);
  let outcome: StageRef | null = null;
  const events: StageEventRecord[] = [];
  const move = (externalId: string, from: StageRef | undefined, to: StageRef, at: string | undefined) => {
    if (at) events.push({ externalId: `${dealId}:${externalId}`, dealExternalId: dealId, fromStage: from, toStage: to, at });
  };

  move("created", undefined, stage, pdTime(deal.add_time));
  for (const change of changes) {
    if (change.field === "stage_id") {
      const next = stageRef(change.to, lookups);
      if (!outcome) move(String(change.id), stage, next, change.at);
      stage = next;
    } else if ((change.to === "won" || change.to === "lost") && deal.pipeline_id) {
      const next = outcomeStage(deal.pipeline_id, change.to);
      move(String(change.id), outcome ?? stage, next, change.at);
      outcome = next;
    } else if (change.to === "open" && outcome) {
      move(String(change.id), outcome, stage, change.at);
      outcome = null;
    }
  }
  if ((deal.status === "won" || deal.status === "lost") && deal.pipeline_id && outcome?.step !== deal.status) {
    const closedAt = deal.status === "won" ? deal.won_time : deal.lost_time;
    move(deal.status, outcome ?? stage, outcomeStage(deal.pipeline_id, deal.status), pdTime(closedAt ?? deal.close_time ?? deal.update_time));
  }
  return events.flatMap((event) => inPipeline(event, deal, lookups));
}

/** The event as far as it stays in the deal's pipeline: a move in from another pipeline loses its "from". */
function inPipeline(event: StageEventRecord, deal: PdDeal, lookups: PdLookups): StageEventRecord[] {
  const belongs = (stage: StageRef) => stage.step !== undefined || lookups.stages.get(Number(stage.externalId))?.pipeline_id === deal.pipeline_id;
  if (!belongs(event.toStage)) return [];
  if (event.fromStage && !belongs(event.fromStage)) {
    const { fromStage: _left, ...rest } = event;
    return [rest];
  }
  return [event];
}

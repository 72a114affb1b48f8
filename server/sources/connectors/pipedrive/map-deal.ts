import type { DealRecord } from "@/server/ingest/schemas/deals";
import type { Ref, RepRef, StageRef } from "@/server/ingest/schemas/common";
import type { PdLookups } from "./lookups";
import { outcomeStage } from "./outcome-stages";
import { pdTime, type PdDeal } from "./pipedrive-api";

/** A Pipedrive deal as a canonical deal record; what the record lacks is left for validation to report. */
export function mapDeal(deal: PdDeal, lookups: PdLookups, customers: Map<number, string>): DealRecord {
  const pipelineId = deal.pipeline_id ?? "";
  const record: DealRecord = {
    externalId: String(deal.id),
    title: deal.title ?? undefined,
    pipeline: { externalId: String(pipelineId), name: lookups.pipelines.get(Number(pipelineId))?.name ?? `Pipeline ${pipelineId}` },
    stage: dealStage(deal, lookups),
    owner: user(deal.owner_id, lookups),
    channel: channel(deal, lookups),
    customer: deal.org_id ? { externalId: String(deal.org_id), name: customers.get(deal.org_id) ?? `#${deal.org_id}` } : undefined,
    amount: deal.value ?? undefined,
    currency: deal.currency ?? undefined,
    createdAt: pdTime(deal.add_time) ?? "",
    expectedCloseDate: deal.expected_close_date ?? undefined,
    lossReason: deal.status === "lost" && deal.lost_reason ? { externalId: deal.lost_reason, name: deal.lost_reason } : undefined,
    closedAt: pdTime(deal.status === "won" ? deal.won_time : deal.status === "lost" ? deal.lost_time : undefined) ?? undefined,
    crmUrl: lookups.webUrl ? `${lookups.webUrl}/deal/${deal.id}` : undefined,
  };
  return dropUndefined(record);
}

/** The deal's stage; a won or lost deal sits in its pipeline's synthetic outcome stage (see outcome-stages.ts). */
export function dealStage(deal: PdDeal, lookups: PdLookups): StageRef {
  if ((deal.status === "won" || deal.status === "lost") && deal.pipeline_id) return outcomeStage(deal.pipeline_id, deal.status);
  return stageRef(deal.stage_id, lookups);
}

export function stageRef(stageId: unknown, lookups: PdLookups): StageRef {
  const id = Number(stageId);
  return { externalId: stageId == null ? "" : String(stageId), name: lookups.stages.get(id)?.name ?? `Stage ${stageId}` };
}

export function user(userId: number | null | undefined, lookups: PdLookups): RepRef | undefined {
  if (!userId) return undefined;
  const found = lookups.users.get(userId);
  return dropUndefined({ externalId: String(userId), name: found?.name ?? `User ${userId}`, email: found?.email || undefined });
}

/**
 * The lead channel: the deal field "channel" (an option id, named by the field's options); else the origin
 * ("ManuallyCreated", "WebForms", "API"…) says how the deal came in.
 */
function channel(deal: PdDeal, lookups: PdLookups): Ref | undefined {
  if (deal.channel != null && deal.channel !== "") {
    const id = String(deal.channel);
    return { externalId: `channel:${id}`, name: lookups.channels.get(id) ?? (typeof deal.channel_id === "string" && deal.channel_id ? deal.channel_id : id) };
  }
  return deal.origin ? { externalId: `origin:${deal.origin}`, name: deal.origin } : undefined;
}

function dropUndefined<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as T;
}

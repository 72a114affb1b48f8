import type { CrmPipeline } from "@/server/sources/connector";
import { RecordProblem } from "../record-mapping";
import type { ActivityRecord } from "@/server/ingest/schemas/activities";
import type { DealRecord } from "@/server/ingest/schemas/deals";
import type { RepRef, StageRef } from "@/server/ingest/schemas/common";
import type { StageEventRecord } from "@/server/ingest/schemas/stage-events";

/** Bitrix24 REST shapes, as far as the sync reads them. Ids and numbers arrive as strings; times as ISO 8601 with the portal's offset. */
export type BxDeal = {
  ID: string;
  TITLE?: string;
  CATEGORY_ID?: string;
  STAGE_ID?: string;
  OPPORTUNITY?: string | number | null;
  CURRENCY_ID?: string | null;
  ASSIGNED_BY_ID?: string | null;
  COMPANY_ID?: string | null;
  SOURCE_ID?: string | null;
  DATE_CREATE?: string;
  CLOSEDATE?: string | null;
  CLOSED?: "Y" | "N";
  MOVED_TIME?: string | null;
};
export type BxStageHistoryItem = {
  ID: number | string;
  TYPE_ID: number | string;
  OWNER_ID: number | string;
  CREATED_TIME: string;
  CATEGORY_ID?: number | string;
  STAGE_ID: string;
};
export type BxActivity = {
  ID: string;
  OWNER_ID?: string;
  OWNER_TYPE_ID?: string;
  TYPE_ID: string;
  SUBJECT?: string;
  CREATED?: string;
  START_TIME?: string | null;
  END_TIME?: string | null;
  DEADLINE?: string | null;
  LAST_UPDATED?: string;
  COMPLETED?: "Y" | "N";
  RESPONSIBLE_ID?: string;
  DIRECTION?: string;
};
export type BxUser = { ID: string; NAME?: string; LAST_NAME?: string; EMAIL?: string };
export type BxStatus = { STATUS_ID: string; NAME: string; SORT?: string | number; SEMANTICS?: string | null; EXTRA?: { SEMANTICS?: string } };
export type BxCategory = { id: number | string; name: string; sort?: number };

export type BxStage = { name: string; categoryId: string; outcome: "open" | "won" | "lost" };

/** What the mapping needs besides the record: funnels, stages, users, companies and lead sources by id. */
export type BxDirectory = {
  /** The portal's address (https://acme.bitrix24.ru), for links to deals. */
  portalUrl: string;
  categories: Map<string, string>;
  stages: Map<string, BxStage>;
  users: Map<string, BxUser>;
  companies: Map<string, string>;
  sources: Map<string, string>;
};

const isoCurrencies = new Set(Intl.supportedValuesOf("currency"));

const present = (value: string | number | null | undefined) => value !== undefined && value !== null && value !== "" && value !== "0";

export function isoToUtc(value: unknown, field: string): string {
  const time = typeof value === "string" && /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(time)) throw new RecordProblem({ key: "sources.crm.record.invalidDate", values: { field } });
  return new Date(time).toISOString();
}

/** Stage semantics: S = success, F = failure (LOSE, APOLOGY…); the list's EXTRA.SEMANTICS says the same in words. */
export function outcomeOf(status: Pick<BxStatus, "SEMANTICS" | "EXTRA">): BxStage["outcome"] {
  const semantics = status.SEMANTICS ?? status.EXTRA?.SEMANTICS;
  if (semantics === "S" || semantics === "success") return "won";
  if (semantics === "F" || semantics === "failure" || semantics === "apology") return "lost";
  return "open";
}

/** Funnel 0's stages are plain (NEW); funnel N's carry a prefix (C1:NEW), so a STAGE_ID names one stage portal-wide. */
export function stageRef(dir: BxDirectory, stageId: string | undefined): StageRef & { categoryId: string } {
  const stage = stageId ? dir.stages.get(stageId) : undefined;
  if (!stageId || !stage) throw new RecordProblem({ key: "sources.crm.record.unknownStage", values: { stage: stageId ?? "" } });
  const step = stage.outcome === "open" ? undefined : stage.outcome;
  return { externalId: stageId, name: stage.name, ...(step ? { step } : {}), categoryId: stage.categoryId };
}

const withoutCategory = ({ categoryId: _, ...stage }: StageRef & { categoryId: string }): StageRef => stage;

export function repRef(dir: BxDirectory, userId: string | null | undefined): RepRef | undefined {
  if (!present(userId)) return undefined;
  const user = dir.users.get(userId!);
  const name = [user?.NAME, user?.LAST_NAME].filter(Boolean).join(" ").trim();
  const email = user?.EMAIL && /^[^@\s]+@[^@\s]+$/.test(user.EMAIL) ? user.EMAIL : undefined;
  return { externalId: userId!, name: name || email || userId!, ...(email ? { email } : {}) };
}

function amountOf(value: BxDeal["OPPORTUNITY"]): number | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const amount = Number(value);
  if (!Number.isFinite(amount) || amount < 0) throw new RecordProblem({ key: "sources.crm.record.invalidAmount", values: { field: "OPPORTUNITY" } });
  return amount;
}

/**
 * A deal: OPPORTUNITY (a decimal string) with its currency, funnel and stage, owner, company as customer, lead
 * source as channel; a failure stage doubles as the loss reason (Bitrix24 has no loss-reason field).
 */
export function mapDeal(deal: BxDeal, dir: BxDirectory): DealRecord {
  const stage = stageRef(dir, deal.STAGE_ID);
  const categoryId = deal.CATEGORY_ID ?? stage.categoryId;
  const pipelineName = dir.categories.get(categoryId);
  if (pipelineName === undefined) throw new RecordProblem({ key: "sources.crm.record.unknownPipeline", values: { pipeline: categoryId } });
  const owner = repRef(dir, deal.ASSIGNED_BY_ID);
  const amount = amountOf(deal.OPPORTUNITY);
  const currency = deal.CURRENCY_ID && isoCurrencies.has(deal.CURRENCY_ID) ? deal.CURRENCY_ID : undefined;
  const companyId = present(deal.COMPANY_ID) ? deal.COMPANY_ID! : undefined;
  const companyName = companyId ? dir.companies.get(companyId) : undefined;
  const sourceId = present(deal.SOURCE_ID) ? deal.SOURCE_ID! : undefined;
  const closed = deal.CLOSED === "Y" ? (deal.MOVED_TIME ?? deal.CLOSEDATE) : undefined;
  return {
    externalId: deal.ID,
    ...(deal.TITLE ? { title: deal.TITLE } : {}),
    pipeline: { externalId: categoryId, name: pipelineName },
    stage: withoutCategory(stage),
    ...(owner ? { owner } : {}),
    ...(sourceId ? { channel: { externalId: sourceId, name: dir.sources.get(sourceId) ?? sourceId } } : {}),
    ...(companyId && companyName ? { customer: { externalId: companyId, name: companyName } } : {}),
    ...(amount !== undefined ? { amount } : {}),
    ...(currency ? { currency } : {}),
    createdAt: isoToUtc(deal.DATE_CREATE, "DATE_CREATE"),
    // The close date is a calendar date in the portal's zone: its date part, never shifted.
    ...(deal.CLOSEDATE && /^\d{4}-\d{2}-\d{2}/.test(deal.CLOSEDATE) ? { expectedCloseDate: deal.CLOSEDATE.slice(0, 10) } : {}),
    ...(stage.step === "lost" ? { lossReason: { externalId: stage.externalId, name: stage.name } } : {}),
    ...(closed ? { closedAt: isoToUtc(closed, deal.MOVED_TIME ? "MOVED_TIME" : "CLOSEDATE") } : {}),
    crmUrl: `${dir.portalUrl}/crm/deal/details/${deal.ID}/`,
  };
}

/**
 * A stage-history row records the stage entered; the stage left is the deal's previous row (`previousStageId`),
 * kept only when it is in the same funnel (a funnel change starts over in the new funnel).
 */
export function mapStageHistory(item: BxStageHistoryItem, previousStageId: string | undefined, dir: BxDirectory): StageEventRecord {
  const toStage = stageRef(dir, item.STAGE_ID);
  const from = previousStageId ? dir.stages.get(previousStageId) : undefined;
  const fromStage = from && from.categoryId === toStage.categoryId ? withoutCategory(stageRef(dir, previousStageId)) : undefined;
  return {
    externalId: String(item.ID),
    dealExternalId: String(item.OWNER_ID),
    ...(fromStage ? { fromStage } : {}),
    toStage: withoutCategory(toStage),
    at: isoToUtc(item.CREATED_TIME, "CREATED_TIME"),
  };
}

const activityTypes: Record<string, ActivityRecord["type"]> = { "1": "meeting", "2": "call", "3": "task", "4": "email" };
const directions: Record<string, ActivityRecord["direction"]> = { "1": "inbound", "2": "outbound" };
const DEAL_OWNER_TYPE = "2";

/** Activity types 1 meeting, 2 call, 3 task, 4 e-mail; others (actions, custom to-dos) are tasks. A call lasts from START_TIME to END_TIME. */
export function mapActivity(activity: BxActivity, dir: BxDirectory): ActivityRecord {
  const type = activityTypes[activity.TYPE_ID] ?? "task";
  const direction = type === "call" || type === "email" ? directions[activity.DIRECTION ?? ""] : undefined;
  const start = activity.START_TIME ? isoToUtc(activity.START_TIME, "START_TIME") : undefined;
  const end = activity.END_TIME ? isoToUtc(activity.END_TIME, "END_TIME") : undefined;
  const timed = type === "call" || type === "meeting";
  const duration = timed && start && end ? (Date.parse(end) - Date.parse(start)) / 1000 : undefined;
  const completed = activity.COMPLETED === "Y";
  const rep = repRef(dir, activity.RESPONSIBLE_ID);
  const completedAt = completed ? ((timed ? end : undefined) ?? isoToUtc(activity.LAST_UPDATED, "LAST_UPDATED")) : undefined;
  const scheduled = start ?? (activity.DEADLINE ? isoToUtc(activity.DEADLINE, "DEADLINE") : undefined);
  return {
    externalId: activity.ID,
    type,
    ...(direction ? { direction } : {}),
    ...(activity.OWNER_TYPE_ID === DEAL_OWNER_TYPE && present(activity.OWNER_ID) ? { dealExternalId: activity.OWNER_ID! } : {}),
    ...(rep ? { rep } : {}),
    ...(activity.SUBJECT ? { subject: activity.SUBJECT.slice(0, 1000) } : {}),
    createdAt: isoToUtc(activity.CREATED, "CREATED"),
    ...(scheduled ? { scheduledAt: scheduled } : {}),
    ...(completedAt ? { completedAt } : {}),
    ...(duration !== undefined && duration >= 0 ? { durationSeconds: Math.round(duration) } : {}),
    ...(type === "meeting" ? { meetingHeld: completed } : {}),
  };
}

/** Funnels in Bitrix24's order, each with its stages by SORT and the outcome their semantics give. */
export function mapPipelines(categories: BxCategory[], statusesByCategory: Map<string, BxStatus[]>): CrmPipeline[] {
  return [...categories]
    .sort((a, b) => (a.sort ?? 0) - (b.sort ?? 0))
    .map((category) => ({
      externalId: String(category.id),
      name: category.name,
      stages: [...(statusesByCategory.get(String(category.id)) ?? [])]
        .sort((a, b) => Number(a.SORT ?? 0) - Number(b.SORT ?? 0))
        .map((status, position) => ({ externalId: status.STATUS_ID, name: status.NAME, position, outcome: outcomeOf(status) })),
    }));
}

/** The stage lookup the mapping uses, from each funnel's status list. */
export function stageDirectory(statusesByCategory: Map<string, BxStatus[]>): Map<string, BxStage> {
  const stages = new Map<string, BxStage>();
  for (const [categoryId, statuses] of statusesByCategory) {
    for (const status of statuses) stages.set(status.STATUS_ID, { name: status.NAME, categoryId, outcome: outcomeOf(status) });
  }
  return stages;
}

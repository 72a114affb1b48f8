import type { CrmPipeline } from "@/server/sources/connector";
import { RecordProblem } from "../record-mapping";
import type { ActivityRecord } from "@/server/ingest/schemas/activities";
import type { DealRecord } from "@/server/ingest/schemas/deals";
import type { RepRef, StageRef } from "@/server/ingest/schemas/common";
import type { StageEventRecord } from "@/server/ingest/schemas/stage-events";

/** amoCRM API v4 shapes, as far as the sync reads them. Timestamps are unix seconds. */
export type AmoLead = {
  id: number;
  name?: string;
  price?: number | null;
  responsible_user_id?: number;
  status_id?: number;
  pipeline_id?: number;
  loss_reason_id?: number | null;
  created_at?: number;
  closed_at?: number | null;
  _embedded?: { companies?: { id: number }[]; loss_reason?: AmoNamed[] | AmoNamed };
};
export type AmoNamed = { id: number; name: string };
export type AmoStatusRef = { lead_status?: { id: number; pipeline_id: number } };
export type AmoEvent = {
  id: string;
  type: string;
  entity_id: number;
  entity_type: string;
  created_at: number;
  value_before?: AmoStatusRef[];
  value_after?: AmoStatusRef[];
};
export type AmoTask = {
  id: number;
  entity_id?: number | null;
  entity_type?: string | null;
  responsible_user_id?: number;
  task_type_id: number;
  text?: string;
  duration?: number;
  is_completed: boolean;
  complete_till?: number;
  created_at: number;
  updated_at: number;
};
export type AmoCallNote = {
  id: number;
  entity_id: number;
  responsible_user_id?: number;
  note_type: string;
  created_at: number;
  params?: { duration?: number; phone?: string };
};
export type AmoUser = { id: number; name: string; email?: string | null };
export type AmoPipeline = {
  id: number;
  name: string;
  sort?: number;
  _embedded?: { statuses?: { id: number; name: string; sort?: number; pipeline_id?: number }[] };
};

/** What the mapping needs besides the record: names of pipelines, stages, users and companies, the account's currency. */
export type AmoDirectory = {
  baseUrl: string;
  currency?: string;
  pipelines: Map<number, { name: string; statuses: Map<number, string> }>;
  users: Map<number, AmoUser>;
  companies: Map<number, string>;
};

/** The system statuses every amoCRM pipeline has. */
export const WON_STATUS = 142;
export const LOST_STATUS = 143;

const missing = (field: string) => new RecordProblem({ key: "sources.crm.record.missingField", values: { field } });

export function unixToIso(seconds: unknown, field: string): string {
  if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds <= 0) {
    throw new RecordProblem({ key: "sources.crm.record.invalidDate", values: { field } });
  }
  return new Date(seconds * 1000).toISOString();
}

const optionalUnix = (seconds: number | null | undefined, field: string) => (seconds ? unixToIso(seconds, field) : undefined);

/** Statuses repeat across pipelines (142 and 143 are in every one), so a stage is keyed by pipeline and status. */
export const stageKey = (pipelineId: number, statusId: number) => `${pipelineId}:${statusId}`;

function outcomeOf(statusId: number): "won" | "lost" | undefined {
  return statusId === WON_STATUS ? "won" : statusId === LOST_STATUS ? "lost" : undefined;
}

function stageRef(dir: AmoDirectory, pipelineId: number, statusId: number): StageRef {
  const name = dir.pipelines.get(pipelineId)?.statuses.get(statusId);
  if (name === undefined) throw new RecordProblem({ key: "sources.crm.record.unknownStage", values: { stage: stageKey(pipelineId, statusId) } });
  const step = outcomeOf(statusId);
  return { externalId: stageKey(pipelineId, statusId), name, ...(step ? { step } : {}) };
}

export function repRef(dir: AmoDirectory, userId: number | undefined): RepRef | undefined {
  if (!userId) return undefined;
  const user = dir.users.get(userId);
  const email = user?.email && /^[^@\s]+@[^@\s]+$/.test(user.email) ? user.email : undefined;
  return { externalId: String(userId), name: user?.name || String(userId), ...(email ? { email } : {}) };
}

function lossReasonOf(lead: AmoLead) {
  const embedded = lead._embedded?.loss_reason;
  const reason = Array.isArray(embedded) ? embedded[0] : embedded;
  return reason?.name ? { externalId: String(reason.id), name: reason.name } : undefined;
}

/** A lead as a canonical deal: price in the account currency, status as a stage of its pipeline, first company as the customer. */
export function mapLead(lead: AmoLead, dir: AmoDirectory): DealRecord {
  if (lead.pipeline_id === undefined) throw missing("pipeline_id");
  if (lead.status_id === undefined) throw missing("status_id");
  const pipeline = dir.pipelines.get(lead.pipeline_id);
  const stage = stageRef(dir, lead.pipeline_id, lead.status_id);
  const companyId = lead._embedded?.companies?.[0]?.id;
  const companyName = companyId ? dir.companies.get(companyId) : undefined;
  const owner = repRef(dir, lead.responsible_user_id);
  const lossReason = lead.status_id === LOST_STATUS ? lossReasonOf(lead) : undefined;
  const closedAt = optionalUnix(lead.closed_at, "closed_at");
  return {
    externalId: String(lead.id),
    ...(lead.name ? { title: lead.name } : {}),
    pipeline: { externalId: String(lead.pipeline_id), name: pipeline!.name },
    stage,
    ...(owner ? { owner } : {}),
    ...(companyId && companyName ? { customer: { externalId: String(companyId), name: companyName } } : {}),
    ...(typeof lead.price === "number" ? { amount: lead.price } : {}),
    ...(dir.currency ? { currency: dir.currency } : {}),
    createdAt: unixToIso(lead.created_at, "created_at"),
    ...(lossReason ? { lossReason } : {}),
    ...(closedAt ? { closedAt } : {}),
    crmUrl: `${dir.baseUrl.replace(/\/+$/, "")}/leads/detail/${lead.id}`,
  };
}

/** A lead_status_changed event as a stage move; a move from another pipeline keeps only the stage entered. */
export function mapStatusChange(event: AmoEvent, dir: AmoDirectory): StageEventRecord {
  const after = event.value_after?.[0]?.lead_status;
  if (!after) throw missing("value_after");
  const before = event.value_before?.[0]?.lead_status;
  const fromStage = before && before.pipeline_id === after.pipeline_id ? stageRef(dir, before.pipeline_id, before.id) : undefined;
  return {
    externalId: event.id,
    dealExternalId: String(event.entity_id),
    ...(fromStage ? { fromStage } : {}),
    toStage: stageRef(dir, after.pipeline_id, after.id),
    at: unixToIso(event.created_at, "created_at"),
  };
}

/** Task types 1 (call / follow-up) and 2 (meeting) are the system ones; custom types are plain tasks. */
const taskTypes: Record<number, ActivityRecord["type"]> = { 1: "call", 2: "meeting" };

/** A task as an activity; completed tasks count as done at their last update (amoCRM keeps no completion time). */
export function mapTask(task: AmoTask, dir: AmoDirectory): ActivityRecord {
  const type = taskTypes[task.task_type_id] ?? "task";
  const rep = repRef(dir, task.responsible_user_id);
  const onLead = task.entity_type === "leads" && task.entity_id;
  return {
    externalId: `task-${task.id}`,
    type,
    ...(onLead ? { dealExternalId: String(task.entity_id) } : {}),
    ...(rep ? { rep } : {}),
    ...(task.text ? { subject: task.text.slice(0, 1000) } : {}),
    createdAt: unixToIso(task.created_at, "created_at"),
    ...(task.complete_till ? { scheduledAt: unixToIso(task.complete_till, "complete_till") } : {}),
    ...(task.is_completed ? { completedAt: unixToIso(task.updated_at, "updated_at") } : {}),
    ...(task.duration ? { durationSeconds: task.duration } : {}),
    ...(type === "meeting" ? { meetingHeld: task.is_completed } : {}),
  };
}

/** A call_in / call_out note of a lead as a logged call with its duration in seconds. */
export function mapCallNote(note: AmoCallNote, dir: AmoDirectory): ActivityRecord {
  const rep = repRef(dir, note.responsible_user_id);
  const at = unixToIso(note.created_at, "created_at");
  const duration = note.params?.duration;
  return {
    externalId: `note-${note.id}`,
    type: "call",
    direction: note.note_type === "call_in" ? "inbound" : "outbound",
    dealExternalId: String(note.entity_id),
    ...(rep ? { rep } : {}),
    ...(note.params?.phone ? { subject: note.params.phone } : {}),
    createdAt: at,
    completedAt: at,
    ...(typeof duration === "number" && duration >= 0 ? { durationSeconds: Math.round(duration) } : {}),
  };
}

/** Pipelines with their statuses in amoCRM's order; 142 and 143 carry the won and lost outcome. */
export function mapPipelines(pipelines: AmoPipeline[]): CrmPipeline[] {
  const bySort = <T extends { sort?: number }>(a: T, b: T) => (a.sort ?? 0) - (b.sort ?? 0);
  return [...pipelines].sort(bySort).map((pipeline) => ({
    externalId: String(pipeline.id),
    name: pipeline.name,
    stages: [...(pipeline._embedded?.statuses ?? [])].sort(bySort).map((status, position) => ({
      externalId: stageKey(pipeline.id, status.id),
      name: status.name,
      position,
      outcome: outcomeOf(status.id) ?? "open",
    })),
  }));
}

/** The lookup of pipeline and status names the mapping uses. */
export function pipelineNames(pipelines: AmoPipeline[]): AmoDirectory["pipelines"] {
  return new Map(
    pipelines.map((p) => [p.id, { name: p.name, statuses: new Map((p._embedded?.statuses ?? []).map((s) => [s.id, s.name])) }]),
  );
}

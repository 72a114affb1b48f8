import type { ValueType } from "./cell-values";

/** A column a file may fill: its key (as in the template header), value type and header names it is recognised by. */
export type ImportField = { key: string; type: ValueType; required?: boolean; synonyms: string[] };
export type FieldValues = Record<string, string | number | boolean | undefined>;

const field = (key: string, type: ValueType, synonyms: string[], required = false): ImportField => ({ key, type, synonyms, required });
const text = (key: string, synonyms: string[], required = false) => field(key, "text", synonyms, required);

const dealFields = [
  text("external_id", ["id", "deal id", "deal_id", "ид", "id сделки", "номер", "id угоди"], true),
  text("title", ["name", "deal", "deal name", "название", "сделка", "назва", "угода"]),
  text("pipeline", ["funnel", "воронка", "воронка продаж"], true),
  text("pipeline_id", ["id воронки"]),
  text("stage", ["status", "deal stage", "этап", "етап", "стадия", "стадія", "статус"], true),
  text("stage_id", ["id этапа", "id етапу"]),
  text("stage_step", ["funnel step", "шаг воронки", "крок воронки"]),
  text("owner", ["rep", "manager", "responsible", "ответственный", "відповідальний", "менеджер"]),
  text("owner_id", ["id ответственного", "id відповідального"]),
  text("owner_email", ["email", "e-mail", "почта", "пошта"]),
  text("channel", ["source", "lead source", "канал", "источник", "джерело"]),
  text("customer", ["company", "client", "account", "клиент", "компания", "клієнт", "компанія"]),
  field("amount", "number", ["value", "sum", "deal value", "сумма", "сума", "бюджет"]),
  text("currency", ["валюта"]),
  field("cost", "number", ["себестоимость", "собівартість", "расходы", "витрати"]),
  field("created_at", "dateTime", ["created", "date created", "creation date", "дата создания", "дата створення", "создана", "створена"], true),
  field("expected_close_date", "day", ["close date", "expected close", "ожидаемая дата закрытия", "очікувана дата закриття"]),
  text("loss_reason", ["lost reason", "причина отказа", "причина проигрыша", "причина відмови", "причина програшу"]),
  field("closed_at", "dateTime", ["closed", "close time", "дата закрытия", "дата закриття"]),
  text("crm_url", ["url", "link", "ссылка", "посилання"]),
];

const stageEventFields = [
  text("external_id", ["id", "event id", "ид", "id события", "id події"], true),
  text("deal_external_id", ["deal", "deal id", "deal_id", "сделка", "id сделки", "угода", "id угоди"], true),
  text("from_stage", ["from", "previous stage", "из этапа", "предыдущий этап", "з етапу", "попередній етап"]),
  text("from_stage_id", []),
  text("to_stage", ["to", "stage", "new stage", "в этап", "новый этап", "этап", "на етап", "новий етап", "етап"], true),
  text("to_stage_id", []),
  field("at", "dateTime", ["date", "changed at", "time", "дата", "дата изменения", "дата зміни", "время", "час"], true),
];

const activityFields = [
  text("external_id", ["id", "ид"], true),
  text("type", ["activity type", "тип"], true),
  text("direction", ["направление", "напрямок"]),
  text("deal_external_id", ["deal", "deal id", "сделка", "угода"]),
  text("rep", ["owner", "manager", "ответственный", "відповідальний", "менеджер"]),
  text("rep_id", []),
  text("rep_email", ["email", "e-mail"]),
  text("subject", ["title", "тема", "название", "назва"]),
  field("created_at", "dateTime", ["created", "date", "дата создания", "дата створення", "дата"], true),
  field("scheduled_at", "dateTime", ["scheduled", "запланировано", "заплановано"]),
  field("completed_at", "dateTime", ["completed", "done", "выполнено", "виконано"]),
  field("duration_seconds", "number", ["duration", "длительность", "тривалість"]),
  field("meeting_held", "boolean", ["held", "встреча состоялась", "зустріч відбулася"]),
];

const spendFields = [
  text("channel", ["source", "канал", "источник", "джерело"], true),
  text("channel_id", []),
  field("day", "day", ["date", "дата", "день"], true),
  field("spend", "number", ["cost", "amount", "расход", "расходы", "витрати", "бюджет"], true),
  field("sessions", "number", ["visits", "сеансы", "визиты", "сеанси", "візити"]),
];

const quotaFields = [
  text("metric", ["kpi", "метрика", "показатель", "показник"], true),
  text("scope", ["область", "рівень", "уровень"], true),
  text("rep_external_id", ["rep", "rep id", "менеджер"]),
  text("team_external_id", ["team", "team id", "команда"]),
  text("period_kind", ["period", "период", "період"], true),
  field("period_start", "day", ["start", "period start", "начало периода", "початок періоду"], true),
  field("target", "number", ["quota", "plan", "план", "цель", "ціль"], true),
];

const customMetricValueFields = [
  text("metric", ["metric key", "key", "kpi", "метрика", "ключ метрики", "показатель", "показник"], true),
  text("rep_external_id", ["rep", "rep id", "менеджер", "id менеджера"]),
  field("period_start", "day", ["date", "day", "period", "start", "дата", "день", "период", "період", "начало периода", "початок періоду"], true),
  field("value", "number", ["значение", "значення", "amount", "count"], true),
];

const str = (value: FieldValues[string]) => (value === undefined ? undefined : String(value));

/** A dimension reference from a name column and an optional id column; with no id column, the name is the id. */
function ref(values: FieldValues, name: string, extra: Record<string, unknown> = {}) {
  const label = str(values[name]);
  const id = str(values[`${name}_id`]);
  if (label === undefined && id === undefined) return undefined;
  return { externalId: id ?? label, name: label ?? id, ...extra };
}

const withEmail = (values: FieldValues, name: string) => ref(values, name, values[`${name}_email`] === undefined ? {} : { email: values[`${name}_email`] });

/** The fields of each kind and how a row's values become the push API record of that kind (server/ingest/schemas). */
export const importKinds = {
  deals: {
    fields: dealFields,
    toRecord: (v: FieldValues) => ({
      externalId: v.external_id, title: v.title, pipeline: ref(v, "pipeline"), stage: ref(v, "stage", v.stage_step === undefined ? {} : { step: v.stage_step }), owner: withEmail(v, "owner"),
      channel: ref(v, "channel"), customer: ref(v, "customer"), amount: v.amount, currency: v.currency, cost: v.cost,
      createdAt: v.created_at, expectedCloseDate: v.expected_close_date, lossReason: ref(v, "loss_reason"), closedAt: v.closed_at, crmUrl: v.crm_url,
    }),
  },
  "stage-events": {
    fields: stageEventFields,
    toRecord: (v: FieldValues) => ({
      externalId: v.external_id, dealExternalId: v.deal_external_id, fromStage: ref(v, "from_stage"), toStage: ref(v, "to_stage"), at: v.at,
    }),
  },
  activities: {
    fields: activityFields,
    toRecord: (v: FieldValues) => ({
      externalId: v.external_id, type: v.type, direction: v.direction, dealExternalId: v.deal_external_id, rep: withEmail(v, "rep"),
      subject: v.subject, createdAt: v.created_at, scheduledAt: v.scheduled_at, completedAt: v.completed_at,
      durationSeconds: v.duration_seconds, meetingHeld: v.meeting_held,
    }),
  },
  spend: {
    fields: spendFields,
    toRecord: (v: FieldValues) => ({ channel: ref(v, "channel"), day: v.day, spend: v.spend, sessions: v.sessions }),
  },
  quotas: {
    fields: quotaFields,
    toRecord: (v: FieldValues) => ({
      metric: v.metric, scope: v.scope, repExternalId: v.rep_external_id, teamExternalId: v.team_external_id,
      periodKind: v.period_kind, periodStart: v.period_start, target: v.target,
    }),
  },
  "custom-metric-values": {
    fields: customMetricValueFields,
    toRecord: (v: FieldValues) => ({ metric: v.metric, repExternalId: v.rep_external_id, periodStart: v.period_start, value: v.value }),
  },
} as const;

export type ImportKind = keyof typeof importKinds;
export const importKindNames = Object.keys(importKinds) as ImportKind[];

/** The file column a record path (e.g. "pipeline.name", "createdAt") came from, for error messages. */
export function fieldOfPath(kind: ImportKind, path: string): string {
  const [head = "", tail] = path.split(".");
  const snake = head.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  if (tail === "externalId" && importKinds[kind].fields.some((f) => f.key === `${snake}_id`)) return `${snake}_id`;
  if (tail === "email") return `${snake}_email`;
  return snake;
}

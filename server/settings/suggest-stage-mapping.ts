import type { FunnelStep } from "@/db/schema";

/** Meeting-like stages: a meeting, a demo, a site measurement ("замер"), a key target action ("КЭВ"). */
const meeting = "(meeting|demo|measurement|замер|замір|встреч|зустріч|кэв|кев)";

/**
 * Stage-name patterns in English, Russian and Ukrainian, most specific first: "Закрыто и не реализовано"
 * is lost before "закрыт" can read as fulfilled, "Замер проведён" is held before "замер" reads as scheduled.
 */
const rules: [FunnelStep, RegExp][] = [
  ["lost", /(lost|disqualif|unqualif|junk|отказ|відмов|не реализ|не реаліз|проигр|програ|неудач|невдал)/],
  ["fulfilled", /(deliver|fulfil|completed|актом|акт подпис|акт підпис|отгруж|відвантаж|выполнен|виконан)/],
  ["won", /(^|\s)won($|\s)|contract signed|order confirmed|closed won|paid|договор подпис|договір підпис|угода укладен|сделка заключ|оплач|успешн|успішн/],
  // Deciding, agreeing the contract and an invoice sent are the last talks before the money: negotiation.
  ["negotiation", /(negotiat|переговор|decision|решени|рішенн|согласов|погодж|invoice|сч[её]т выстав|рахун)/],
  ["proposal", /(proposal|quote|offer|(^|\s)кп($|\s)|коммерческ|комерційн|предложени|пропозиці)/],
  ["meeting_held", new RegExp(`${meeting}.*(held|done|complete|проведен|відбул|состоял)|(held|done).*${meeting}`)],
  ["meeting_scheduled", new RegExp(meeting)],
  ["qualified", /(qualif|квалифиц|кваліфік|needs defined|discovery|потребност|потреб)/],
  ["lead", /(lead|inquiry|enquiry|request|new|contact|заявк|обращени|звернен|запрос|запит|нов|первичн|первинн|контакт)/],
];

/** Lower case, "ё" as "е", punctuation as spaces, single spaces. */
function normalize(name: string): string {
  return name
    .toLowerCase()
    .replace(/ё/g, "е")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/**
 * The funnel step a CRM stage suggests, or null when nothing we recognise. What the CRM itself says a stage means
 * (amoCRM 142/143, Bitrix24 semantics, HubSpot closed/probability, Pipedrive's won/lost status) wins over its name.
 */
export function suggestStageStep(stageName: string, outcome?: "open" | "won" | "lost"): FunnelStep | null {
  if (outcome === "won" || outcome === "lost") return outcome;
  const name = normalize(stageName);
  return rules.find(([, pattern]) => pattern.test(name))?.[0] ?? null;
}

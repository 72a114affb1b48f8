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
  ["negotiation", /(negotiat|переговор)/],
  ["proposal", /(proposal|quote|offer|(^|\s)кп($|\s)|коммерческ|комерційн|предложени|пропозиці)/],
  ["meeting_held", new RegExp(`${meeting}.*(held|done|complete|проведен|відбул|состоял)|(held|done).*${meeting}`)],
  ["meeting_scheduled", new RegExp(meeting)],
  ["qualified", /(qualif|квалифиц|кваліфік)/],
  ["lead", /(lead|inquiry|enquiry|request|new|заявк|обращени|звернен|запрос|запит|нов)/],
];

/** Lower case, "ё" as "е", punctuation as spaces, single spaces. */
function normalize(name: string): string {
  return name
    .toLowerCase()
    .replace(/ё/g, "е")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** The funnel step a CRM stage's name suggests, or null when the name says nothing we recognise. */
export function suggestStageStep(stageName: string): FunnelStep | null {
  const name = normalize(stageName);
  return rules.find(([, pattern]) => pattern.test(name))?.[0] ?? null;
}

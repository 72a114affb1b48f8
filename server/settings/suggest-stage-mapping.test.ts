import { describe, expect, it } from "vitest";
import { suggestStageStep } from "./suggest-stage-mapping";

describe("suggestStageStep", () => {
  it.each([
    ["New lead", "lead"],
    ["Новая заявка", "lead"],
    ["Нова заявка", "lead"],
    ["Inquiry", "lead"],
    ["Qualified", "qualified"],
    ["Квалифицирован", "qualified"],
    ["Кваліфікований", "qualified"],
    ["Meeting scheduled", "meeting_scheduled"],
    ["Замер назначен", "meeting_scheduled"],
    ["Зустріч призначена", "meeting_scheduled"],
    ["Demo booked", "meeting_scheduled"],
    ["Замер проведён", "meeting_held"],
    ["Meeting held", "meeting_held"],
    ["Measurement done", "meeting_held"],
    ["КП отправлено", "proposal"],
    ["Proposal sent", "proposal"],
    ["Quote", "proposal"],
    ["Переговоры", "negotiation"],
    ["Negotiation", "negotiation"],
    ["Договор подписан", "won"],
    ["Угода укладена", "won"],
    ["Closed won", "won"],
    ["Contract signed", "won"],
    ["Закрыт актом", "fulfilled"],
    ["Delivered", "fulfilled"],
    ["Lost", "lost"],
    ["Closed lost", "lost"],
    ["Отказ", "lost"],
    ["Закрыто и не реализовано", "lost"],
    ["Відмова", "lost"],
  ])("%s → %s", (name, step) => {
    expect(suggestStageStep(name)).toBe(step);
  });

  it("leaves names it does not recognise unmapped", () => {
    expect(suggestStageStep("On hold")).toBeNull();
    expect(suggestStageStep("Пауза")).toBeNull();
    expect(suggestStageStep("")).toBeNull();
  });
});

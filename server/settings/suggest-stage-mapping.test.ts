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
    ["Успешно реализовано", "won"],
    ["Успішно реалізовано", "won"],
    ["Закрито і не реалізовано", "lost"],
    ["Первичный контакт", "lead"],
    ["Первинний контакт", "lead"],
    ["Contact made", "lead"],
    ["Lead in", "lead"],
    ["Needs defined", "qualified"],
    ["Кваліфіковано", "qualified"],
    ["Замір призначено", "meeting_scheduled"],
    ["Demo scheduled", "meeting_scheduled"],
    ["Proposal made", "proposal"],
    ["КП надіслано", "proposal"],
    ["Negotiations started", "negotiation"],
    ["Переговори", "negotiation"],
    ["Принимают решение", "negotiation"],
    ["Приймають рішення", "negotiation"],
    ["Согласование договора", "negotiation"],
    ["Счёт выставлен", "negotiation"],
    ["Рахунок виставлено", "negotiation"],
    ["Invoice sent", "negotiation"],
  ])("%s → %s", (name, step) => {
    expect(suggestStageStep(name)).toBe(step);
  });

  it("takes the CRM's own won/lost outcome over the stage's name", () => {
    expect(suggestStageStep("Won", "won")).toBe("won");
    expect(suggestStageStep("Закрыто и не реализовано", "lost")).toBe("lost");
    expect(suggestStageStep("Сделка закрыта", "won")).toBe("won");
    expect(suggestStageStep("Новая заявка", "lost")).toBe("lost");
    expect(suggestStageStep("Переговоры", "open")).toBe("negotiation");
  });

  it("leaves names it does not recognise unmapped", () => {
    expect(suggestStageStep("On hold")).toBeNull();
    expect(suggestStageStep("Пауза")).toBeNull();
    expect(suggestStageStep("")).toBeNull();
  });
});

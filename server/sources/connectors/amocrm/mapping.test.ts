import { RecordProblem } from "../record-mapping";
import { describe, expect, it } from "vitest";
import { ZActivityRecord } from "@/server/ingest/schemas/activities";
import { ZDealRecord } from "@/server/ingest/schemas/deals";
import { ZStageEventRecord } from "@/server/ingest/schemas/stage-events";
import { mapLead, mapPipelines, mapStatusChange, mapTask, type AmoDirectory, type AmoEvent, type AmoLead } from "./mapping";
import { crmSample } from "@/test/crm-samples";

const sample = (name: string) => crmSample<any>("amocrm", name);

const dir = (): AmoDirectory => ({
  baseUrl: "https://example.amocrm.ru",
  currency: "RUB",
  pipelines: new Map([
    [1113, { name: "Продажи", statuses: new Map([[2030, "Переговоры"], [142, "Успешно реализовано"], [143, "Закрыто и не реализовано"]]) }],
    [437642, { name: "Опт", statuses: new Map([[5233224, "Первичный контакт"]]) }],
  ]),
  users: new Map([[321123, { id: 321123, name: "Алексей Поимцев", email: "test@example.com" }]]),
  companies: new Map([[40401297, "ООО Ромашка"]]),
});

describe("amoCRM mapping (real sample responses)", () => {
  it("maps a lead: price, currency, stage keyed by pipeline, owner, company, UTC times, link", () => {
    const deal = mapLead(sample("lead_get.json"), dir());
    expect(ZDealRecord.parse(deal)).toEqual(deal);
    expect(deal).toEqual({
      externalId: "17657",
      title: "Тестовая сделка",
      pipeline: { externalId: "1113", name: "Продажи" },
      stage: { externalId: "1113:2030", name: "Переговоры" },
      owner: { externalId: "321123", name: "Алексей Поимцев", email: "test@example.com" },
      customer: { externalId: "40401297", name: "ООО Ромашка" },
      amount: 25000,
      currency: "RUB",
      // 1587741226 = 2020-04-24 15:13:46 UTC
      createdAt: "2020-04-24T15:13:46.000Z",
      crmUrl: "https://example.amocrm.ru/leads/detail/17657",
    });
  });

  it("marks statuses 142 and 143 as won and lost; a lost lead carries its loss reason and close time", () => {
    const lead: AmoLead = sample("lead_get.json");
    const won = mapLead({ ...lead, status_id: 142, closed_at: 1588241643 }, dir());
    expect(won.stage).toEqual({ externalId: "1113:142", name: "Успешно реализовано", step: "won" });
    expect(won.closedAt).toBe("2020-04-30T10:14:03.000Z");
    const lost = mapLead({ ...lead, status_id: 143, closed_at: 1588241643, _embedded: { loss_reason: [{ id: 7, name: "Дорого" }] } }, dir());
    expect(lost.stage.step).toBe("lost");
    expect(lost.lossReason).toEqual({ externalId: "7", name: "Дорого" });
  });

  it("refuses a lead without a status or with a status its pipeline does not have", () => {
    const lead: AmoLead = sample("lead_get.json");
    expect(() => mapLead({ ...lead, status_id: undefined }, dir())).toThrow(RecordProblem);
    expect(() => mapLead({ ...lead, status_id: 999 }, dir())).toThrow("sources.crm.record.unknownStage");
    expect(() => mapLead({ ...lead, created_at: undefined }, dir())).toThrow("sources.crm.record.invalidDate");
  });

  it("maps a lead_status_changed event with the documented value_before / value_after", () => {
    const values = sample("event_lead_status_changed_values.json");
    const base = sample("events_list.json")._embedded.events[0];
    const event: AmoEvent = { ...base, type: "lead_status_changed", ...values };
    const move = mapStatusChange(event, dir());
    expect(ZStageEventRecord.parse(move)).toEqual(move);
    expect(move).toEqual({
      externalId: "01pz58t6p04ymgsgfbmfyfy1mf",
      dealExternalId: "26060763",
      fromStage: { externalId: "437642:5233224", name: "Первичный контакт" },
      toStage: { externalId: "437642:5233224", name: "Первичный контакт" },
      // 1888888888 = 2029-11-09 03:21:28 UTC
      at: "2029-11-09T03:21:28.000Z",
    });
  });

  it("drops the from-stage of a move between pipelines (the stage entered belongs to the deal's new pipeline)", () => {
    const event: AmoEvent = {
      ...sample("events_list.json")._embedded.events[0],
      value_before: [{ lead_status: { id: 5233224, pipeline_id: 437642 } }],
      value_after: [{ lead_status: { id: 142, pipeline_id: 1113 } }],
    };
    const move = mapStatusChange(event, dir());
    expect(move.fromStage).toBeUndefined();
    expect(move.toStage).toEqual({ externalId: "1113:142", name: "Успешно реализовано", step: "won" });
  });

  it("maps the completed meeting task as a held meeting on its lead", () => {
    const activity = mapTask(sample("task_get.json"), dir());
    expect(ZActivityRecord.parse(activity)).toEqual(activity);
    expect(activity).toEqual({
      externalId: "task-56981",
      type: "meeting",
      dealExternalId: "180765",
      // the responsible user is not in the directory: their id names them
      rep: { externalId: "123123", name: "123123" },
      subject: "Назначить встречу с клиентом",
      createdAt: "2019-12-09T16:48:43.000Z",
      scheduledAt: "2019-12-09T16:53:43.000Z",
      completedAt: "2019-12-19T15:06:29.000Z",
      meetingHeld: true,
    });
  });

  it("lists pipelines with stage keys equal to the deals' and won/lost outcomes", () => {
    const pipelines = mapPipelines([
      {
        id: 1113,
        name: "Продажи",
        sort: 1,
        _embedded: {
          statuses: [
            { id: 143, name: "Закрыто и не реализовано", sort: 10000 },
            { id: 2030, name: "Переговоры", sort: 20 },
            { id: 142, name: "Успешно реализовано", sort: 9999 },
          ],
        },
      },
    ]);
    expect(pipelines).toEqual([
      {
        externalId: "1113",
        name: "Продажи",
        stages: [
          { externalId: "1113:2030", name: "Переговоры", position: 0, outcome: "open" },
          { externalId: "1113:142", name: "Успешно реализовано", position: 1, outcome: "won" },
          { externalId: "1113:143", name: "Закрыто и не реализовано", position: 2, outcome: "lost" },
        ],
      },
    ]);
  });
});

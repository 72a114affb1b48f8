import { describe, expect, it } from "vitest";
import { validateBatch } from "@/server/ingest/ingest-batch";
import type { PdLookups } from "./lookups";
import { mapActivity } from "./map-activity";
import { mapDeal } from "./map-deal";
import { mapDealHistory } from "./map-deal-history";
import { mapPipelines } from "./map-pipelines";
import { pdTime, type PdActivity, type PdDeal, type PdFlowItem, type PdStage } from "./pipedrive-api";
import { crmSample } from "@/test/crm-samples";

/** The official OpenAPI examples (see test/crm-samples/SOURCES.md). */
const sample = <T>(name: string): T[] => crmSample<{ data: T[] }>("pipedrive", `${name}.json`).data;
const [sampleDeal] = sample<PdDeal>("v2_deals");
const [sampleActivity] = sample<PdActivity>("v2_activities");
const sampleStages = sample<PdStage>("v2_stages");
const sampleFlow = sample<PdFlowItem>("v1_deal_flow");

const lookups: PdLookups = {
  users: new Map([[1, { id: 1, name: "Olga Petrova", email: "olga@acme.test" }]]),
  pipelines: new Map([[1, { id: 1, name: "Sales" }]]),
  stages: new Map([
    ...sampleStages.map((s) => [s.id, s] as const),
    [2, { id: 2, order_nr: 2, name: "Proposal made", pipeline_id: 1 }],
    [9, { id: 9, order_nr: 1, name: "Other pipeline stage", pipeline_id: 2 }],
  ]),
  channels: new Map([["52", "Billboards"]]),
  webUrl: "https://acme.pipedrive.com",
};

describe("mapDeal (v2 GET /deals example)", () => {
  it("maps an open deal's fields", () => {
    const record = mapDeal(sampleDeal!, lookups, new Map([[1, "Acme Ltd"]]));
    expect(record).toEqual({
      externalId: "1",
      title: "Deal Title",
      pipeline: { externalId: "1", name: "Sales" },
      stage: { externalId: "1", name: "Stage Name" },
      owner: { externalId: "1", name: "Olga Petrova", email: "olga@acme.test" },
      channel: { externalId: "channel:52", name: "Billboards" },
      customer: { externalId: "1", name: "Acme Ltd" },
      amount: 200,
      currency: "USD",
      createdAt: "2021-01-01T00:00:00Z",
      expectedCloseDate: "2021-01-01",
      crmUrl: "https://acme.pipedrive.com/deal/1",
    });
    expect(validateBatch("deals", [record]).failed).toEqual([]);
  });

  it("puts a won deal in its pipeline's Won stage with won_time as the close, and a lost one in Lost with its reason", () => {
    const won = mapDeal({ ...sampleDeal!, status: "won", won_time: "2021-02-03T10:00:00Z" }, lookups, new Map());
    expect(won.stage).toEqual({ externalId: "1:won", name: "Won", step: "won" });
    expect(won.closedAt).toBe("2021-02-03T10:00:00Z");
    expect(won.lossReason).toBeUndefined();
    const lost = mapDeal({ ...sampleDeal!, status: "lost", lost_time: "2021-02-04T10:00:00Z" }, lookups, new Map());
    expect(lost.stage).toEqual({ externalId: "1:lost", name: "Lost", step: "lost" });
    expect(lost.lossReason).toEqual({ externalId: "Lost Reason", name: "Lost Reason" });
    expect(lost.closedAt).toBe("2021-02-04T10:00:00Z");
  });

  it("falls back to the origin as channel and to placeholders for unknown names", () => {
    const record = mapDeal({ ...sampleDeal!, channel: null, owner_id: 77, org_id: 5 }, { ...lookups, webUrl: null }, new Map());
    expect(record.channel).toEqual({ externalId: "origin:ManuallyCreated", name: "ManuallyCreated" });
    expect(record.owner).toEqual({ externalId: "77", name: "User 77" });
    expect(record.customer).toEqual({ externalId: "5", name: "#5" });
    expect(record.crmUrl).toBeUndefined();
  });

  it("leaves a deal without add_time for validation to refuse", () => {
    const record = mapDeal({ ...sampleDeal!, add_time: null }, lookups, new Map());
    expect(validateBatch("deals", [record]).failed[0]?.errors[0]?.path).toBe("createdAt");
  });
});

describe("mapDealHistory (v1 GET /deals/{id}/flow)", () => {
  it("reads only stage and status changes: the example's value change gives just the creation", () => {
    expect(mapDealHistory(sampleDeal!, sampleFlow, lookups)).toEqual([
      { externalId: "1:created", dealExternalId: "1", toStage: { externalId: "1", name: "Stage Name" }, at: "2021-01-01T00:00:00Z" },
    ]);
  });

  const change = (id: number, field: string, from: unknown, to: unknown, time: string): PdFlowItem => ({
    object: "dealChange",
    timestamp: time,
    data: { id, field_key: field, old_value: from, new_value: to, log_time: time },
  });

  it("turns stage moves and won/reopen/lost status changes into moves between real and outcome stages", () => {
    const deal = { ...sampleDeal!, stage_id: 2, status: "lost", lost_time: "2021-01-09T00:00:00Z" };
    const flow = [
      // newest first, as Pipedrive returns it
      change(14, "status", "open", "lost", "2021-01-09 00:00:00"),
      change(13, "status", "won", "open", "2021-01-08 00:00:00"),
      change(12, "status", "open", "won", "2021-01-07 00:00:00"),
      change(11, "stage_id", 1, 2, "2021-01-05 12:30:00"),
    ];
    const events = mapDealHistory(deal, flow, lookups);
    expect(events.map((e) => [e.externalId, e.fromStage?.externalId, e.toStage.externalId, e.at])).toEqual([
      ["1:created", undefined, "1", "2021-01-01T00:00:00Z"],
      ["1:11", "1", "2", "2021-01-05T12:30:00Z"],
      ["1:12", "2", "1:won", "2021-01-07T00:00:00Z"],
      ["1:13", "1:won", "2", "2021-01-08T00:00:00Z"],
      ["1:14", "2", "1:lost", "2021-01-09T00:00:00Z"],
    ]);
    expect(validateBatch("stage-events", events).failed).toEqual([]);
  });

  it("moves a deal won without a status change in its flow at won_time, and drops moves into another pipeline", () => {
    const deal = { ...sampleDeal!, status: "won", won_time: "2021-03-01T09:00:00Z" };
    const events = mapDealHistory(deal, [change(20, "stage_id", 9, 1, "2021-01-02 00:00:00")], lookups);
    expect(events.map((e) => [e.externalId, e.fromStage?.externalId, e.toStage.externalId, e.at])).toEqual([
      ["1:20", undefined, "1", "2021-01-02T00:00:00Z"],
      ["1:won", "1", "1:won", "2021-03-01T09:00:00Z"],
    ]);
  });
});

describe("mapActivity (v2 GET /activities example)", () => {
  it("maps type, due date, done time, duration, owner and deal", () => {
    expect(mapActivity(sampleActivity!, lookups)).toEqual({
      externalId: "1",
      type: "task",
      dealExternalId: "5",
      rep: { externalId: "1", name: "Olga Petrova", email: "olga@acme.test" },
      subject: "Activity Subject",
      createdAt: "2021-01-01T00:00:00Z",
      scheduledAt: "2021-01-01T15:00:00Z",
      completedAt: "2021-01-01T00:00:00Z",
      durationSeconds: 3600,
    });
  });

  it("counts a done meeting as held and an open call as not completed", () => {
    expect(mapActivity({ ...sampleActivity!, type: "meeting" }, lookups)).toMatchObject({ type: "meeting", meetingHeld: true });
    const call = mapActivity({ ...sampleActivity!, type: "call", done: false, duration: "00:05" }, lookups);
    expect(call).toMatchObject({ type: "call", durationSeconds: 300 });
    expect(call.completedAt).toBeUndefined();
    expect(validateBatch("activities", [call]).failed).toEqual([]);
  });

  it("maps a custom activity type keyed demo to a demo, held once done; other custom types stay tasks", () => {
    const demo = mapActivity({ ...sampleActivity!, type: "demo" }, lookups);
    expect(demo).toMatchObject({ type: "demo", meetingHeld: true, completedAt: "2021-01-01T00:00:00Z" });
    expect(validateBatch("activities", [demo]).failed).toEqual([]);
    expect(mapActivity({ ...sampleActivity!, type: "demo", done: false }, lookups)).toMatchObject({ type: "demo", meetingHeld: false });
    expect(mapActivity({ ...sampleActivity!, type: "site_visit" }, lookups)).toMatchObject({ type: "task" });
  });
});

describe("mapPipelines (v2 GET /stages example)", () => {
  it("lists stages in order with probability, then Won and Lost with their outcomes", () => {
    expect(mapPipelines([{ id: 1, name: "Sales" }], sampleStages)).toEqual([
      {
        externalId: "1",
        name: "Sales",
        stages: [
          { externalId: "1", name: "Stage Name", position: 0, probability: 100, outcome: "open" },
          { externalId: "1:won", name: "Won", position: 1, probability: 100, outcome: "won" },
          { externalId: "1:lost", name: "Lost", position: 2, probability: 0, outcome: "lost" },
        ],
      },
    ]);
  });
});

describe("pdTime", () => {
  it("reads v1 UTC times and keeps v2 ones", () => {
    expect(pdTime("2020-09-25 09:21:55")).toBe("2020-09-25T09:21:55Z");
    expect(pdTime("2021-01-01T00:00:00Z")).toBe("2021-01-01T00:00:00Z");
    expect(pdTime(null)).toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";
import { validateBatch } from "@/server/ingest/ingest-batch";
import type { HsObject } from "./hubspot-api";
import type { HsLookups } from "./lookups";
import { mapActivity } from "./map-activity";
import { mapDeal } from "./map-deal";
import { mapStageHistory } from "./map-stage-history";
import { nextSearchCursor } from "./read-objects";
import { crmSample } from "@/test/crm-samples";

const sample = (name: string) => crmSample<any>("hubspot", name);

const pipeline = { externalId: "default", name: "Sales Pipeline" };
const lookups: HsLookups = {
  account: { portalId: 62515, uiDomain: "app-eu1.hubspot.com", companyCurrency: "EUR" },
  pipelines: new Map([["default", pipeline]]),
  stages: new Map([
    ["appointmentscheduled", { pipeline, stage: { externalId: "appointmentscheduled", name: "Appointment scheduled" } }],
    ["presentation scheduled", { pipeline, stage: { externalId: "presentation scheduled", name: "Presentation scheduled" } }],
    ["closedwon", { pipeline, stage: { externalId: "closedwon", name: "Closed won", step: "won" as const } }],
    ["closedlost", { pipeline, stage: { externalId: "closedlost", name: "Closed lost", step: "lost" as const } }],
  ]),
  owners: new Map([["910901", { externalId: "910901", name: "Anna Petrova", email: "anna@example.com" }]]),
};

describe("HubSpot deal mapping (docs sample deal 512)", () => {
  const deal: HsObject = sample("deal_get_full_properties.json");

  it("maps the sample's amount string, times, stage, pipeline, owner and link", () => {
    const record = mapDeal(deal, lookups);
    expect(record).toEqual({
      externalId: "512",
      title: "Custom data integrations",
      pipeline: { externalId: "default", name: "Sales Pipeline" },
      stage: { externalId: "presentation scheduled", name: "Presentation scheduled" },
      owner: { externalId: "910901", name: "Anna Petrova", email: "anna@example.com" },
      amount: 1500,
      currency: "EUR",
      createdAt: "2019-10-30T03:30:17.883Z",
      expectedCloseDate: "2019-12-07",
      crmUrl: "https://app-eu1.hubspot.com/contacts/62515/record/0-3/512",
    });
    expect(validateBatch("deals", [record]).failed).toEqual([]);
  });

  it("a deal in a closed stage at probability 0 is lost, with its reason and close time", () => {
    const record = mapDeal({ ...deal, properties: { ...deal.properties, dealstage: "closedlost", deal_currency_code: "USD" } }, lookups);
    expect(record.stage).toEqual({ externalId: "closedlost", name: "Closed lost", step: "lost" });
    expect(record.lossReason).toEqual({ externalId: "lost reason", name: "lost reason" });
    expect(record.closedAt).toBe("2019-12-07T16:50:06.678Z");
    expect(record.currency).toBe("USD");
  });

  it("a won deal carries no loss reason; a channel enum reads as words", () => {
    const record = mapDeal({ ...deal, properties: { ...deal.properties, dealstage: "closedwon", hs_analytics_source: "ORGANIC_SEARCH" } }, lookups);
    expect(record.stage.step).toBe("won");
    expect(record.lossReason).toBeUndefined();
    expect(record.channel).toEqual({ externalId: "ORGANIC_SEARCH", name: "Organic search" });
  });

  it("an unreadable amount or date is passed on for validation to report by field", () => {
    const record = mapDeal({ ...deal, properties: { ...deal.properties, amount: "n/a", createdate: "yesterday" } }, lookups);
    const { valid, failed } = validateBatch("deals", [record]);
    expect(valid).toEqual([]);
    expect(failed[0]!.externalId).toBe("512");
    expect(failed[0]!.errors.map((e) => e.path).sort()).toEqual(["amount", "createdAt"]);
  });

  it("a stage deleted since keeps its id as name; an unknown owner is named by id", () => {
    const record = mapDeal({ ...deal, properties: { ...deal.properties, dealstage: "12345", hubspot_owner_id: "77" } }, lookups);
    expect(record.stage).toEqual({ externalId: "12345", name: "12345" });
    expect(record.pipeline).toEqual(pipeline);
    expect(record.owner).toEqual({ externalId: "77", name: "Owner 77" });
  });
});

describe("HubSpot stage history (propertiesWithHistory, newest first)", () => {
  it("becomes moves oldest first, each from the stage before, skipping a repeated value", () => {
    const deal: HsObject = {
      id: "512",
      properties: { pipeline: "default" },
      propertiesWithHistory: {
        dealstage: [
          { value: "closedwon", timestamp: "2024-03-05T09:00:00.000Z", sourceType: "CRM_UI" },
          { value: "presentation scheduled", timestamp: "2024-02-01T12:30:00.000Z", sourceType: "CRM_UI" },
          { value: "presentation scheduled", timestamp: "2024-01-20T08:00:00.000Z", sourceType: "API" },
          { value: "appointmentscheduled", timestamp: "2024-01-10T10:00:00.000Z", sourceType: "CRM_UI" },
        ],
      },
    };
    const events = mapStageHistory(deal, lookups);
    expect(events.map((e) => [e.fromStage?.externalId, e.toStage.externalId, e.at])).toEqual([
      [undefined, "appointmentscheduled", "2024-01-10T10:00:00.000Z"],
      ["appointmentscheduled", "presentation scheduled", "2024-01-20T08:00:00.000Z"],
      ["presentation scheduled", "closedwon", "2024-03-05T09:00:00.000Z"],
    ]);
    expect(events[2]!.toStage.step).toBe("won");
    expect(new Set(events.map((e) => e.externalId)).size).toBe(3);
    expect(validateBatch("stage-events", events).failed).toEqual([]);
  });
});

describe("HubSpot activities", () => {
  it("a call: milliseconds to seconds, direction, owner, first associated deal", () => {
    const record = mapActivity(
      "calls",
      {
        id: "901",
        properties: { hs_createdate: "2024-02-01T10:00:00.000Z", hs_timestamp: "2024-02-01T10:05:00.000Z", hs_call_duration: "95500", hs_call_direction: "OUTBOUND", hs_call_status: "COMPLETED", hubspot_owner_id: "910901", hs_call_title: "Discovery" },
        associations: { deals: { results: [{ id: "512", type: "call_to_deal" }] } },
      },
      lookups,
    );
    expect(record).toEqual({
      externalId: "calls:901",
      type: "call",
      dealExternalId: "512",
      rep: { externalId: "910901", name: "Anna Petrova", email: "anna@example.com" },
      createdAt: "2024-02-01T10:00:00.000Z",
      subject: "Discovery",
      direction: "outbound",
      durationSeconds: 96,
      completedAt: "2024-02-01T10:05:00.000Z",
    });
  });

  it("a meeting: held from its outcome, length from start and end; a no-show is not held", () => {
    const meeting = (outcome: string) =>
      mapActivity("meetings", { id: "7", properties: { hs_createdate: "2024-02-01T10:00:00Z", hs_meeting_start_time: "2024-02-03T14:00:00Z", hs_meeting_end_time: "2024-02-03T14:45:00Z", hs_meeting_outcome: outcome } }, lookups);
    expect(meeting("COMPLETED")).toMatchObject({ type: "meeting", scheduledAt: "2024-02-03T14:00:00.000Z", durationSeconds: 2700, meetingHeld: true, completedAt: "2024-02-03T14:45:00.000Z" });
    expect(meeting("NO_SHOW")).toMatchObject({ meetingHeld: false });
    expect(meeting("NO_SHOW").completedAt).toBeUndefined();
    expect(meeting("NO_SHOW").dealExternalId).toBeUndefined();
  });

  it("an e-mail: incoming is inbound, sent is outbound", () => {
    const email = (direction: string) => mapActivity("emails", { id: "3", properties: { hs_createdate: "2024-02-01T10:00:00Z", hs_email_direction: direction } }, lookups);
    expect(email("INCOMING_EMAIL")).toMatchObject({ externalId: "emails:3", type: "email", direction: "inbound" });
    expect(email("EMAIL").direction).toBe("outbound");
  });
});

describe("HubSpot search window (10,000-result cap)", () => {
  const page = (after: string | undefined, lastModified: string) => ({
    results: [{ id: "1", properties: { hs_lastmodifieddate: lastModified } }],
    ...(after && { paging: { next: { after } } }),
  });
  it("pages on within the cap, restarts the window from the last modification time before it", () => {
    expect(nextSearchCursor(1000, page("200", "2024-01-01T00:00:00Z"), 200)).toEqual({ from: 1000, after: "200" });
    expect(nextSearchCursor(1000, page("9800", "2024-01-01T00:00:00Z"), 200)).toEqual({ from: 1000, after: "9800" });
    expect(nextSearchCursor(1000, page("10000", "2024-01-01T00:00:00.000Z"), 200)).toEqual({ from: Date.parse("2024-01-01T00:00:00.000Z") });
    expect(nextSearchCursor(1000, page(undefined, "2024-01-01T00:00:00Z"), 200)).toBeNull();
  });
  it("steps past a millisecond holding more than the cap", () => {
    const at = Date.parse("2024-01-01T00:00:00.000Z");
    expect(nextSearchCursor(at, page("10000", "2024-01-01T00:00:00.000Z"), 200)).toEqual({ from: at + 1 });
  });
});

import { describe, expect, it } from "vitest";
import { validateBatch } from "@/server/ingest/ingest-batch";
import type { ConnectorContext, HttpRequest } from "@/server/sources/connector";
import { OPPORTUNITY_PIPELINE, type SfLookups } from "./lookups";
import { mapEvent, mapTask } from "./map-activity";
import { mapOpportunity } from "./map-deal";
import { mapOpportunityHistory } from "./map-stage-history";
import { sfInstant } from "./salesforce-api";
import { salesforceStreams } from "./streams";
import { crmSample } from "@/test/crm-samples";

const sample = (name: string) => crmSample<any>("salesforce", name);

const lookups: SfLookups = {
  organization: { Id: "00D5e000000abcdEAA", Name: "Acme", DefaultCurrencyIsoCode: "USD" },
  stages: new Map([
    ["Prospecting", { externalId: "Prospecting", name: "Prospecting" }],
    ["Proposal/Price Quote", { externalId: "Proposal/Price Quote", name: "Proposal" }],
    ["Closed Won", { externalId: "Closed Won", name: "Closed Won", step: "won" as const }],
    ["Closed Lost", { externalId: "Closed Lost", name: "Closed Lost", step: "lost" as const }],
  ]),
  users: new Map([["0055e000001AbcdAAA", { externalId: "0055e000001AbcdAAA", name: "Ivan Sidorov", email: "ivan@example.com" }]]),
  instanceUrl: "https://acme.my.salesforce.com",
  multiCurrency: false,
};

// Documented Opportunity shape (no public sample row exists: see test/crm-samples/SOURCES.md).
const opportunity = {
  attributes: { type: "Opportunity", url: "/services/data/v60.0/sobjects/Opportunity/0065e00000XyZ12AAB" },
  Id: "0065e00000XyZ12AAB",
  Name: "Acme renewal",
  Amount: 12500.5,
  StageName: "Proposal/Price Quote",
  CloseDate: "2024-03-31",
  CreatedDate: "2024-01-01T10:00:00.000+0000",
  OwnerId: "0055e000001AbcdAAA",
  AccountId: "0015e00000AccAAA",
  Account: { attributes: { type: "Account" }, Name: "Acme Corp" },
  LeadSource: "Web",
  IsWon: false,
  IsClosed: false,
  SystemModstamp: "2024-02-10T08:15:00.000+0000",
};

describe("Salesforce datetimes", () => {
  it("an offset without a colon is read as the instant it names", () => {
    expect(sfInstant("2024-01-01T10:00:00.000+0000")).toBe("2024-01-01T10:00:00.000Z");
    expect(sfInstant("2024-01-01T10:00:00.000+0300")).toBe("2024-01-01T07:00:00.000Z");
    expect(sfInstant("2013-05-07T22:07:19.000+0000")).toBe("2013-05-07T22:07:19.000Z");
    expect(sfInstant("not a date")).toBe("not a date");
  });
});

describe("Salesforce opportunity mapping", () => {
  it("maps amount, the org currency, stage label, owner, account, lead source; CloseDate stays a day", () => {
    const record = mapOpportunity(opportunity, lookups);
    expect(record).toEqual({
      externalId: "0065e00000XyZ12AAB",
      title: "Acme renewal",
      pipeline: OPPORTUNITY_PIPELINE,
      stage: { externalId: "Proposal/Price Quote", name: "Proposal" },
      owner: { externalId: "0055e000001AbcdAAA", name: "Ivan Sidorov", email: "ivan@example.com" },
      channel: { externalId: "Web", name: "Web" },
      customer: { externalId: "0015e00000AccAAA", name: "Acme Corp" },
      amount: 12500.5,
      currency: "USD",
      createdAt: "2024-01-01T10:00:00.000Z",
      expectedCloseDate: "2024-03-31",
      crmUrl: "https://acme.my.salesforce.com/lightning/r/Opportunity/0065e00000XyZ12AAB/view",
    });
    expect(validateBatch("deals", [record]).failed).toEqual([]);
  });

  it("IsWon / IsClosed decide won and lost; a multi-currency org's own currency wins", () => {
    const won = mapOpportunity({ ...opportunity, StageName: "Closed Won", IsWon: true, IsClosed: true, CurrencyIsoCode: "EUR" }, lookups);
    expect(won.stage).toEqual({ externalId: "Closed Won", name: "Closed Won", step: "won" });
    expect(won.closedAt).toBe("2024-03-31T00:00:00.000Z");
    expect(won.currency).toBe("EUR");
    const lost = mapOpportunity({ ...opportunity, StageName: "Lost to competitor", IsWon: false, IsClosed: true }, lookups);
    expect(lost.stage).toEqual({ externalId: "Lost to competitor", name: "Lost to competitor", step: "lost" });
  });

  it("an unreadable created date is reported by validation, not guessed", () => {
    const { failed } = validateBatch("deals", [mapOpportunity({ ...opportunity, CreatedDate: "garbage" }, lookups)]);
    expect(failed[0]).toMatchObject({ externalId: "0065e00000XyZ12AAB", errors: [{ path: "createdAt" }] });
  });
});

describe("Salesforce OpportunityHistory", () => {
  const row = (Id: string, OpportunityId: string, StageName: string, CreatedDate: string) => ({ Id, OpportunityId, StageName, CreatedDate });
  it("rows become moves from the stage before; an amount change in the same stage is no move", () => {
    const { events, after } = mapOpportunityHistory(
      [
        row("008A1", "006A", "Prospecting", "2024-01-01T10:00:00.000+0000"),
        row("008A2", "006A", "Prospecting", "2024-01-05T10:00:00.000+0000"),
        row("008A3", "006A", "Proposal/Price Quote", "2024-01-09T12:00:00.000+0000"),
        row("008B1", "006B", "Closed Lost", "2024-01-03T00:00:00.000+0000"),
      ],
      new Map([["006B", "Prospecting"]]),
      lookups,
    );
    expect(events.map((e) => [e.externalId, e.dealExternalId, e.fromStage?.externalId, e.toStage.externalId, e.at])).toEqual([
      ["008A1", "006A", undefined, "Prospecting", "2024-01-01T10:00:00.000Z"],
      ["008A3", "006A", "Prospecting", "Proposal/Price Quote", "2024-01-09T12:00:00.000Z"],
      ["008B1", "006B", "Prospecting", "Closed Lost", "2024-01-03T00:00:00.000Z"],
    ]);
    expect(events[2]!.toStage.step).toBe("lost");
    expect(after.get("006A")).toBe("Proposal/Price Quote");
  });
});

describe("Salesforce activities", () => {
  it("a call task: seconds, direction, opportunity link, owner", () => {
    const record = mapTask(
      { Id: "00T1", Subject: "Call", TaskSubtype: "Call", CallDurationInSeconds: 185, CallType: "Outbound", IsClosed: true, Status: "Completed", ActivityDate: "2024-02-01", CompletedDateTime: "2024-02-01T09:30:00.000+0000", CreatedDate: "2024-02-01T09:27:00.000+0000", OwnerId: "0055e000001AbcdAAA", WhatId: "0065e00000XyZ12AAB" },
      lookups,
    );
    expect(record).toEqual({
      externalId: "task:00T1",
      type: "call",
      direction: "outbound",
      dealExternalId: "0065e00000XyZ12AAB",
      rep: { externalId: "0055e000001AbcdAAA", name: "Ivan Sidorov", email: "ivan@example.com" },
      subject: "Call",
      createdAt: "2024-02-01T09:27:00.000Z",
      scheduledAt: "2024-02-01T00:00:00.000Z",
      completedAt: "2024-02-01T09:30:00.000Z",
      durationSeconds: 185,
    });
  });

  it("an e-mail task on an account names no deal; an open task has no completion", () => {
    const record = mapTask({ Id: "00T2", TaskSubtype: "Email", IsClosed: false, CreatedDate: "2024-02-01T09:27:00.000+0000", WhatId: "0015e00000AccAAA" }, lookups);
    expect(record).toMatchObject({ type: "email" });
    expect(record.dealExternalId).toBeUndefined();
    expect(record.completedAt).toBeUndefined();
  });

  it("an event is a meeting, held once it has ended", () => {
    const event = { Id: "00U1", StartDateTime: "2024-02-03T14:00:00.000+0000", EndDateTime: "2024-02-03T14:45:00.000+0000", DurationInMinutes: 45, CreatedDate: "2024-02-01T09:27:00.000+0000", WhatId: "0065e00000XyZ12AAB" };
    expect(mapEvent(event, lookups, new Date("2024-02-04T00:00:00Z"))).toMatchObject({ type: "meeting", scheduledAt: "2024-02-03T14:00:00.000Z", durationSeconds: 2700, meetingHeld: true, completedAt: "2024-02-03T14:45:00.000Z" });
    expect(mapEvent(event, lookups, new Date("2024-02-03T14:30:00Z"))).toMatchObject({ meetingHeld: false });
  });
});

describe("Salesforce deals stream over the restforce samples", () => {
  const context = (answer: (request: HttpRequest) => unknown): ConnectorContext => ({
    http: { request: async (request) => ({ status: 200, headers: new Headers(), body: answer(request) as never }) },
    credentials: () => ({ baseUrl: "https://acme.my.salesforce.com", accessToken: "t" }),
    cache: new Map<string, unknown>([["salesforce:lookups", Promise.resolve(lookups)]]),
    signal: new AbortController().signal,
  });

  it("a batch with done:false continues at nextRecordsUrl", async () => {
    const ctx = context(() => ({ ...sample("query_paginated_first_page.json"), records: [opportunity] }));
    const page = await salesforceStreams[0]!.readPage(ctx, { cursor: null, since: null });
    expect(page.next).toEqual({ next: "/services/data/v26.0/query/01gD" });
    expect(page.total).toBe(2);
  });

  it("an incremental pass ends with Get Deleted, whose ids become deletions", async () => {
    const asked: HttpRequest[] = [];
    const ctx = context((request) => (asked.push(request), sample("get_deleted.json")));
    const since = new Date(Date.now() - 3 * 3600_000);
    const page = await salesforceStreams[0]!.readPage(ctx, { cursor: { deleted: true }, since });
    expect(page.deletedExternalIds).toEqual(["a00D0000008pQRAIA2"]);
    expect(page.next).toBeNull();
    expect(asked[0]!.url).toBe("/services/data/v60.0/sobjects/Opportunity/deleted/");
    expect(Date.parse(String(asked[0]!.query!.start))).toBeLessThanOrEqual(since.getTime());
  });
});

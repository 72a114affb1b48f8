import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataSources, syncRunErrors } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { createSourceHttp } from "@/server/sources/http";
import { runSync, type RunSyncOptions } from "@/server/sources/run-sync";
import { openCredentials } from "@/server/sources/secrets";
import { createConnectedSource, queueRun } from "@/server/sources/testing/source-fixtures";
import { sfTime, startFakeSalesforce, type FakeSalesforceOrg } from "./fake-salesforce";
import type { SfOpportunity } from "./salesforce-api";
import { salesforceConnector } from ".";

const jan = (day: number, hour = 9) => sfTime(Date.UTC(2024, 0, day, hour));
const iso = (sf: string) => new Date(sf.replace("+0000", "Z")).toISOString();

function opportunity(Id: string, fields: Partial<SfOpportunity>): SfOpportunity {
  return { Id, Name: `Opportunity ${Id}`, CreatedDate: jan(2), SystemModstamp: jan(20), IsWon: false, IsClosed: false, Account: null, ...fields };
}
const history = (Id: string, OpportunityId: string, StageName: string, CreatedDate: string) => ({ Id, OpportunityId, StageName, CreatedDate });

function org(): FakeSalesforceOrg {
  const stage = (ApiName: string, SortOrder: number, DefaultProbability: number, IsClosed = false, IsWon = false) => ({ ApiName, MasterLabel: ApiName, SortOrder, DefaultProbability, IsClosed, IsWon, IsActive: true });
  return {
    organization: { Id: "00D000000000001EAA", Name: "Acme Inc", DefaultCurrencyIsoCode: "USD" },
    stages: [stage("Prospecting", 1, 10), stage("Qualification", 2, 20), { ...stage("Proposal/Price Quote", 3, 75), MasterLabel: "Proposal" }, stage("Closed Won", 4, 100, true, true), stage("Closed Lost", 5, 0, true)],
    users: [
      { Id: "005A", Name: "Ivan Sidorov", Email: "ivan@example.com" },
      { Id: "005B", Name: "Olga Shevchenko", Email: "olga@example.com" },
    ],
    multiCurrency: false,
    opportunities: [
      opportunity("006A", { Amount: 12500.5, StageName: "Closed Won", IsWon: true, IsClosed: true, CloseDate: "2024-01-31", OwnerId: "005A", AccountId: "001A", Account: { Name: "Acme Corp" }, LeadSource: "Web" }),
      opportunity("006B", { Amount: 3000, StageName: "Closed Lost", IsClosed: true, CloseDate: "2024-01-15", OwnerId: "005B" }),
      opportunity("006C", { Amount: -500, StageName: "Prospecting", OwnerId: "005A" }),
      opportunity("006D", { Amount: null, StageName: "Prospecting", OwnerId: "005B" }),
      opportunity("006E", { Amount: 8000, StageName: "Qualification", CloseDate: "2024-03-01", OwnerId: "005A" }),
    ],
    history: [
      history("008A1", "006A", "Prospecting", jan(2)),
      history("008A2", "006A", "Prospecting", jan(5)),
      history("008A3", "006A", "Proposal/Price Quote", jan(10)),
      history("008A4", "006A", "Closed Won", jan(31, 17)),
      history("008B1", "006B", "Prospecting", jan(3)),
      history("008B2", "006B", "Closed Lost", jan(15)),
      history("008C1", "006C", "Prospecting", jan(4)),
      history("008D1", "006D", "Prospecting", jan(6)),
      history("008E1", "006E", "Prospecting", jan(7)),
      history("008E2", "006E", "Qualification", jan(12)),
    ],
    tasks: [
      { Id: "00TA", Subject: "Call", TaskSubtype: "Call", CallDurationInSeconds: 185, CallType: "Outbound", IsClosed: true, Status: "Completed", ActivityDate: "2024-01-03", CompletedDateTime: jan(3, 11), CreatedDate: jan(3, 10), OwnerId: "005A", WhatId: "006A", SystemModstamp: jan(3, 11) },
      { Id: "00TB", Subject: "Re: pricing", TaskSubtype: "Email", IsClosed: true, Status: "Completed", CreatedDate: jan(4), CompletedDateTime: jan(4), OwnerId: "005B", WhatId: "006B", SystemModstamp: jan(4) },
      { Id: "00TC", Subject: "Send contract", TaskSubtype: "Task", IsClosed: false, Status: "Not Started", ActivityDate: "2024-02-01", CreatedDate: jan(5), OwnerId: "005A", WhatId: "001A", SystemModstamp: jan(5) },
    ],
    events: [{ Id: "00UE", Subject: "Demo", StartDateTime: jan(9, 14), EndDateTime: jan(9, 15), DurationInMinutes: 60, CreatedDate: jan(8), OwnerId: "005A", WhatId: "006E", SystemModstamp: jan(8) }],
    deleted: [],
    accessToken: "session-1",
    refreshToken: "refresh-1",
    throttleOnce: new Set(["/services/data/v60.0/query"]),
    limitReached: false,
  };
}

describe("Salesforce connector syncing into the database", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let salesforce: Awaited<ReturnType<typeof startFakeSalesforce>>;
  const data = org();
  const waits: number[] = [];
  const options: RunSyncOptions = { connectors: { salesforce: salesforceConnector }, http: { sleep: async (ms) => void waits.push(ms) } };
  let orgId: string;
  let sourceId: number;

  const sync = async () => {
    const id = await queueRun(testDb.db, orgId, sourceId);
    const { run } = await runSync(testDb.db, orgId, id, options);
    return { id, run: run! };
  };
  const utc = (column: string) => testDb.sql.unsafe(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);
  const dealRows = () =>
    testDb.sql`
      select d.external_id, d.amount::float8 as amount, d.currency, d.status, p.name as pipeline, s.name as stage, r.name as owner,
        cu.name as customer, c.name as channel, d.expected_close_date::text as close_day, d.crm_url, ${utc("d.created_at")} as created_at
      from deals d join pipelines p on p.id = d.pipeline_id join stages s on s.id = d.stage_id left join reps r on r.id = d.owner_rep_id
        left join customers cu on cu.id = d.customer_id left join channels c on c.id = d.channel_id
      where d.org_id = ${orgId} order by d.external_id`;
  const stageMoves = () =>
    testDb.sql`
      select e.external_id as id, d.external_id as deal, f.external_id as from_stage, t.external_id as to_stage, ${utc("e.at")} as at
      from deal_stage_events e join deals d on d.id = e.deal_id join stages t on t.id = e.to_stage_id left join stages f on f.id = e.from_stage_id
      where e.org_id = ${orgId} order by d.external_id, e.at`;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    salesforce = await startFakeSalesforce(data);
    process.env.SALESFORCE_CLIENT_ID = "client-id";
    process.env.SALESFORCE_CLIENT_SECRET = "client-secret";
    ({ orgId, sourceId } = await createConnectedSource(testDb.db, { slug: "salesforce-co", kind: "salesforce", accountId: "00D000000000001EAA", baseUrl: salesforce.url, credentials: { accessToken: "expired-session", refreshToken: "refresh-1" } }));
  });
  afterAll(async () => {
    await salesforce.close();
    await testDb.drop();
  });

  it("first sync: refreshes the session, waits out a 429, follows nextRecordsUrl and lands opportunities, history and activities", async () => {
    const { id, run } = await sync();
    expect(run).toMatchObject({ status: "succeeded", error: null });

    const tokenCalls = salesforce.requests.filter((r) => r.url === "/services/oauth2/token");
    expect(tokenCalls).toHaveLength(1);
    expect(Object.fromEntries(new URLSearchParams(tokenCalls[0]!.body))).toMatchObject({ grant_type: "refresh_token", refresh_token: "refresh-1", client_id: "client-id" });
    const afterToken = salesforce.requests.slice(salesforce.requests.indexOf(tokenCalls[0]!) + 1);
    expect(afterToken.every((r) => r.headers.authorization === "Bearer fresh-session-1")).toBe(true);
    const [source] = await testDb.db.select().from(dataSources).where(eq(dataSources.id, sourceId));
    expect(openCredentials(source!.credentials!)).toMatchObject({ accessToken: "fresh-session-1", refreshToken: "refresh-1", baseUrl: salesforce.url });
    expect(waits).toEqual([10]);
    expect(salesforce.requests.filter((r) => /\/query\/01gFAKE/.test(r.url)).length).toBeGreaterThanOrEqual(2 + 4 + 1);

    expect(await dealRows()).toEqual([
      expect.objectContaining({ external_id: "006A", amount: 12500.5, currency: "USD", status: "won", pipeline: "Opportunities", stage: "Closed Won", owner: "Ivan Sidorov", customer: "Acme Corp", channel: "Web", close_day: "2024-01-31", created_at: iso(jan(2)), crm_url: `${salesforce.url}/lightning/r/Opportunity/006A/view` }),
      expect.objectContaining({ external_id: "006B", amount: 3000, status: "lost", stage: "Closed Lost", owner: "Olga Shevchenko", customer: null }),
      expect.objectContaining({ external_id: "006D", amount: null, status: "open", stage: "Prospecting" }),
      expect.objectContaining({ external_id: "006E", amount: 8000, status: "open", stage: "Qualification", close_day: "2024-03-01" }),
    ]);
    // 006A's rows span two batches; its amount-only row (008A2) is no move, and the move after it starts in Prospecting.
    expect((await stageMoves()).map((m) => [m.id, m.deal, m.from_stage, m.to_stage, m.at])).toEqual([
      ["008A1", "006A", null, "Prospecting", iso(jan(2))],
      ["008A3", "006A", "Prospecting", "Proposal/Price Quote", iso(jan(10))],
      ["008A4", "006A", "Proposal/Price Quote", "Closed Won", iso(jan(31, 17))],
      ["008B1", "006B", null, "Prospecting", iso(jan(3))],
      ["008B2", "006B", "Prospecting", "Closed Lost", iso(jan(15))],
      ["008D1", "006D", null, "Prospecting", iso(jan(6))],
      ["008E1", "006E", null, "Prospecting", iso(jan(7))],
      ["008E2", "006E", "Prospecting", "Qualification", iso(jan(12))],
    ]);
    const activities = await testDb.sql`
      select a.external_id, a.type, a.direction, a.duration_seconds, a.meeting_held, d.external_id as deal, r.name as rep
      from activities a left join deals d on d.id = a.deal_id left join reps r on r.id = a.rep_id where a.org_id = ${orgId} order by a.external_id`;
    expect(activities.map((a) => ({ ...a }))).toEqual([
      { external_id: "event:00UE", type: "meeting", direction: null, duration_seconds: 3600, meeting_held: true, deal: "006E", rep: "Ivan Sidorov" },
      { external_id: "task:00TA", type: "call", direction: "outbound", duration_seconds: 185, meeting_held: null, deal: "006A", rep: "Ivan Sidorov" },
      { external_id: "task:00TB", type: "email", direction: null, duration_seconds: null, meeting_held: null, deal: "006B", rep: "Olga Shevchenko" },
      { external_id: "task:00TC", type: "task", direction: null, duration_seconds: null, meeting_held: null, deal: null, rep: "Ivan Sidorov" },
    ]);

    const errors = await testDb.db.select().from(syncRunErrors).where(eq(syncRunErrors.runId, id));
    expect(errors.map((e) => [e.stream, e.externalId, e.message.key, e.message.values?.field])).toEqual([
      ["deals", "006C", "apiKeys.record.tooSmall", "amount"],
      ["opportunity-history", "008C1", "apiKeys.record.unknownDeal", "dealExternalId"],
    ]);
    expect(run).toMatchObject({ created: 4 + 8 + 4, updated: 0, deleted: 0, failed: 2 });
  });

  it("second sync reads what changed since, updates that opportunity alone, adds its move from the stage before and removes a deleted one", async () => {
    const now = Date.now();
    const changed = data.opportunities.find((o) => o.Id === "006E")!;
    Object.assign(changed, { StageName: "Closed Won", IsWon: true, IsClosed: true, Amount: 9000, SystemModstamp: sfTime(now) });
    // Both rows after the first sync's passes started: the stage move, then an amount change in the same stage.
    data.history.push(history("008E3", "006E", "Closed Won", sfTime(now)), history("008E4", "006E", "Closed Won", sfTime(now + 500)));
    data.opportunities = data.opportunities.filter((o) => o.Id !== "006D");
    data.history = data.history.filter((h) => h.OpportunityId !== "006D");
    // Get Deleted takes whole seconds: the deletion lies a little before the sync asks.
    data.deleted.push({ id: "006D", deletedDate: sfTime(now - 2000) });
    const from = salesforce.requests.length;

    const { run } = await sync();
    expect(run).toMatchObject({ status: "succeeded", created: 1, updated: 1, deleted: 1, failed: 0 });
    const soql = salesforce.requests.slice(from).map((r) => new URL(r.url, "http://x").searchParams.get("q")).filter(Boolean);
    expect(soql).toContainEqual(expect.stringMatching(/FROM Opportunity WHERE SystemModstamp >= \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ ORDER BY SystemModstamp$/));
    expect(soql).toContainEqual(expect.stringMatching(/FROM OpportunityHistory WHERE OpportunityId IN \('006E'\) AND CreatedDate < /));

    const deals = await dealRows();
    expect(deals.map((d) => d.external_id)).toEqual(["006A", "006B", "006E"]);
    expect(deals[2]).toMatchObject({ amount: 9000, status: "won", stage: "Closed Won" });
    const moves = (await stageMoves()).filter((m) => m.deal === "006E");
    expect(moves.map((m) => [m.id, m.from_stage, m.to_stage])).toEqual([
      ["008E1", null, "Prospecting"],
      ["008E2", "Prospecting", "Qualification"],
      ["008E3", "Qualification", "Closed Won"],
    ]);
    expect(await stageMoves()).toHaveLength(8 - 1 + 1);
  });

  it("identify names the org; listPipelines lists the active opportunity stages with probability and outcome", async () => {
    const http = createSourceHttp({ connector: salesforceConnector, credentials: { baseUrl: salesforce.url, accessToken: data.accessToken }, saveCredentials: async () => {} });
    const ctx = { http, credentials: () => http.credentials(), cache: new Map(), signal: new AbortController().signal };
    expect(await salesforceConnector.identify(ctx)).toEqual({ accountId: "00D000000000001EAA", name: "Acme Inc" });
    const [pipeline] = await salesforceConnector.listPipelines(ctx);
    expect(pipeline!.externalId).toBe("opportunities");
    expect(pipeline!.stages.map((s) => [s.externalId, s.name, s.position, s.probability, s.outcome])).toEqual([
      ["Prospecting", "Prospecting", 0, 10, "open"],
      ["Qualification", "Qualification", 1, 20, "open"],
      ["Proposal/Price Quote", "Proposal", 2, 75, "open"],
      ["Closed Won", "Closed Won", 3, 100, "won"],
      ["Closed Lost", "Closed Lost", 4, 0, "lost"],
    ]);
  });

  it("a spent daily API allocation (403 REQUEST_LIMIT_EXCEEDED) fails the run once with a readable message", async () => {
    data.limitReached = true;
    const from = salesforce.requests.length;
    const { run } = await sync();
    expect(run).toMatchObject({ status: "failed", attempts: 1, error: { key: "sources.crm.salesforce.apiLimit" } });
    expect(salesforce.requests.length - from).toBe(1);
  });
});

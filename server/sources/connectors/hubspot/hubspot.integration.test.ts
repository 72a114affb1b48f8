import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataSources, syncRunErrors } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import type { Credentials } from "@/server/sources/connector";
import { createSourceHttp } from "@/server/sources/http";
import { runSync, type RunSyncOptions } from "@/server/sources/run-sync";
import { openCredentials, sealCredentials } from "@/server/sources/secrets";
import { createConnectedSource, queueRun } from "@/server/sources/testing/source-fixtures";
import type { HsObject, HsVersion } from "./hubspot-api";
import { startFakeHubSpot, type FakeHubSpotPortal } from "./fake-hubspot";
import { hubspotConnector } from ".";

const old = (day: number, hour = 9) => new Date(Date.UTC(2024, 0, day, hour)).toISOString();
const version = (value: string, timestamp: string): HsVersion => ({ value, timestamp, sourceType: "CRM_UI" });

function deal(id: string, properties: Record<string, string>, history: HsVersion[]): HsObject {
  return {
    id,
    properties: { dealname: `Deal ${id}`, pipeline: "default", createdate: old(2), hs_lastmodifieddate: old(20), ...properties },
    createdAt: old(2),
    updatedAt: old(20),
    archived: false,
    propertiesWithHistory: { dealstage: history },
  };
}

function portal(): FakeHubSpotPortal {
  return {
    account: { portalId: 62515, uiDomain: "app.hubspot.com", companyCurrency: "USD", timeZone: "Europe/Berlin" },
    pipelines: [
      {
        id: "default",
        label: "Sales Pipeline",
        displayOrder: 0,
        stages: [
          { id: "appointmentscheduled", label: "Appointment scheduled", displayOrder: 0, metadata: { isClosed: "false", probability: "0.2" } },
          { id: "qualifiedtobuy", label: "Qualified to buy", displayOrder: 1, metadata: { isClosed: "false", probability: "0.4" } },
          { id: "closedwon", label: "Closed won", displayOrder: 2, metadata: { isClosed: "true", probability: "1.0" } },
          { id: "closedlost", label: "Closed lost", displayOrder: 3, metadata: { isClosed: "true", probability: "0.0" } },
        ],
      },
    ],
    owners: [
      { id: "101", email: "anna@example.com", firstName: "Anna", lastName: "Petrova" },
      { id: "102", email: "boris@example.com", firstName: "Boris", lastName: "Ivanov", archived: true },
    ],
    deals: [
      deal("1", { amount: "1500.50", deal_currency_code: "EUR", dealstage: "closedwon", hubspot_owner_id: "101", closedate: old(15, 16), hs_analytics_source: "ORGANIC_SEARCH" }, [
        version("closedwon", old(15, 16)),
        version("qualifiedtobuy", old(8)),
        version("appointmentscheduled", old(2)),
      ]),
      deal("2", { amount: "900", dealstage: "closedlost", hubspot_owner_id: "102", closedate: old(12), closed_lost_reason: "Price" }, [
        version("closedlost", old(12)),
        version("appointmentscheduled", old(3)),
      ]),
      deal("3", { amount: "n/a", dealstage: "appointmentscheduled" }, [version("appointmentscheduled", old(4))]),
      deal("4", { amount: "300", dealstage: "appointmentscheduled", hubspot_owner_id: "101" }, [version("appointmentscheduled", old(5))]),
      deal("5", { amount: "1000", dealstage: "qualifiedtobuy", hubspot_owner_id: "101" }, [version("qualifiedtobuy", old(9)), version("appointmentscheduled", old(6))]),
      deal("6", { amount: "50", dealstage: "appointmentscheduled" }, [version("appointmentscheduled", old(7))]),
    ],
    archivedDeals: [],
    activities: {
      calls: [
        {
          id: "901",
          properties: { hs_createdate: old(3), hs_timestamp: old(3, 10), hs_call_duration: "125000", hs_call_direction: "OUTBOUND", hs_call_status: "COMPLETED", hubspot_owner_id: "101", hs_lastmodifieddate: old(3) },
          associations: { deals: { results: [{ id: "1", type: "call_to_deal" }] } },
        },
      ],
      meetings: [
        {
          id: "902",
          properties: { hs_createdate: old(5), hs_meeting_start_time: old(7, 14), hs_meeting_end_time: old(7, 15), hs_meeting_outcome: "COMPLETED", hubspot_owner_id: "101", hs_lastmodifieddate: old(7) },
          associations: { deals: { results: [{ id: "5", type: "meeting_event_to_deal" }] } },
        },
      ],
      emails: [
        {
          id: "903",
          properties: { hs_createdate: old(4), hs_timestamp: old(4), hs_email_direction: "INCOMING_EMAIL", hubspot_owner_id: "102", hs_lastmodifieddate: old(4) },
          associations: { deals: { results: [{ id: "2", type: "email_to_deal" }] } },
        },
      ],
    },
    accessToken: "valid-1",
    refreshToken: "refresh-1",
    throttleOnce: new Set(["/crm/v3/owners"]),
  };
}

describe("HubSpot connector syncing into the database", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let hubspot: Awaited<ReturnType<typeof startFakeHubSpot>>;
  const data = portal();
  const waits: number[] = [];
  const options: RunSyncOptions = { connectors: { hubspot: hubspotConnector }, http: { sleep: async (ms) => void waits.push(ms) } };
  let orgId: string;
  let sourceId: number;

  const sync = async () => {
    const id = await queueRun(testDb.db, orgId, sourceId);
    const { run } = await runSync(testDb.db, orgId, id, options);
    return { id, run: run! };
  };
  const dealRows = () =>
    testDb.sql`
      select d.external_id, d.title, d.amount::float8 as amount, d.currency, d.status, p.name as pipeline, s.name as stage, r.name as owner, r.email,
        c.name as channel, lr.name as loss_reason, d.expected_close_date::text as close_day, to_char(d.won_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as won_at, to_char(d.lost_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as lost_at
      from deals d join pipelines p on p.id = d.pipeline_id join stages s on s.id = d.stage_id
        left join reps r on r.id = d.owner_rep_id left join channels c on c.id = d.channel_id left join loss_reasons lr on lr.id = d.loss_reason_id
      where d.org_id = ${orgId} order by d.external_id`;
  const stageMoves = () =>
    testDb.sql`
      select d.external_id as deal, f.external_id as from_stage, t.external_id as to_stage, to_char(e.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at
      from deal_stage_events e join deals d on d.id = e.deal_id join stages t on t.id = e.to_stage_id left join stages f on f.id = e.from_stage_id
      where e.org_id = ${orgId} order by d.external_id, e.at`;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    hubspot = await startFakeHubSpot(data);
    process.env.HUBSPOT_CLIENT_ID = "client-id";
    process.env.HUBSPOT_CLIENT_SECRET = "client-secret";
    ({ orgId, sourceId } = await createConnectedSource(testDb.db, { slug: "hubspot-co", kind: "hubspot", accountId: "62515", baseUrl: hubspot.url, credentials: { accessToken: "expired-0", refreshToken: "refresh-1" } }));
  });
  afterAll(async () => {
    await hubspot.close();
    await testDb.drop();
  });

  it("first sync: refreshes the expired token, waits out a 429, reads every page and lands deals, stage moves and activities", async () => {
    const { id, run } = await sync();
    expect(run).toMatchObject({ status: "succeeded", error: null, deleted: 0 });

    // The expired token was refreshed once, the new one stored, and every later request used it.
    const tokenCall = hubspot.requests.findIndex((r) => r.url === "/oauth/v3/token");
    expect(new URLSearchParams(hubspot.requests[tokenCall]!.body).get("client_id")).toBe("client-id");
    expect(hubspot.requests.filter((r) => r.url === "/oauth/v3/token")).toHaveLength(1);
    expect(hubspot.requests.slice(tokenCall + 1).every((r) => r.headers.authorization === "Bearer fresh-valid-1")).toBe(true);
    const [source] = await testDb.db.select().from(dataSources).where(eq(dataSources.id, sourceId));
    expect(openCredentials(source!.credentials!)).toMatchObject({ accessToken: "fresh-valid-1", refreshToken: "refresh-1" });
    // The 429 was waited out for its Retry-After (0.01 s) and the owners were read after it.
    expect(waits).toEqual([10]);
    expect(hubspot.requests.filter((r) => r.url.startsWith("/crm/v3/owners")).length).toBe(3);
    // Deals came in pages of two through HubSpot's `after` cursor.
    expect(hubspot.requests.filter((r) => r.url.startsWith("/crm/v3/objects/deals?") && !r.url.includes("propertiesWithHistory")).map((r) => new URL(r.url, "http://x").searchParams.get("after"))).toEqual([null, "2", "4"]);

    expect(await dealRows()).toEqual([
      expect.objectContaining({ external_id: "1", amount: 1500.5, currency: "EUR", status: "won", pipeline: "Sales Pipeline", stage: "Closed won", owner: "Anna Petrova", email: "anna@example.com", channel: "Organic search", close_day: "2024-01-15", won_at: old(15, 16) }),
      expect.objectContaining({ external_id: "2", amount: 900, currency: "USD", status: "lost", stage: "Closed lost", owner: "Boris Ivanov", loss_reason: "Price", lost_at: old(12) }),
      expect.objectContaining({ external_id: "4", amount: 300, status: "open", stage: "Appointment scheduled" }),
      expect.objectContaining({ external_id: "5", amount: 1000, status: "open", stage: "Qualified to buy" }),
      expect.objectContaining({ external_id: "6", amount: 50, owner: null }),
    ]);
    const moves = (await stageMoves()).filter((m) => m.deal === "1");
    expect(moves.map((m) => [m.from_stage, m.to_stage, m.at])).toEqual([
      [null, "appointmentscheduled", old(2)],
      ["appointmentscheduled", "qualifiedtobuy", old(8)],
      ["qualifiedtobuy", "closedwon", old(15, 16)],
    ]);
    expect(await stageMoves()).toHaveLength(3 + 2 + 1 + 2 + 1);

    const activities = await testDb.sql`
      select a.external_id, a.type, a.direction, a.duration_seconds, a.meeting_held, d.external_id as deal, r.name as rep
      from activities a left join deals d on d.id = a.deal_id left join reps r on r.id = a.rep_id where a.org_id = ${orgId} order by a.external_id`;
    expect(activities.map((a) => ({ ...a }))).toEqual([
      { external_id: "calls:901", type: "call", direction: "outbound", duration_seconds: 125, meeting_held: null, deal: "1", rep: "Anna Petrova" },
      { external_id: "emails:903", type: "email", direction: "inbound", duration_seconds: null, meeting_held: null, deal: "2", rep: "Boris Ivanov" },
      { external_id: "meetings:902", type: "meeting", direction: null, duration_seconds: 3600, meeting_held: true, deal: "5", rep: "Anna Petrova" },
    ]);

    // The deal with an unreadable amount was skipped and reported (and its history, whose deal is missing).
    const errors = await testDb.db.select().from(syncRunErrors).where(eq(syncRunErrors.runId, id));
    expect(errors.map((e) => [e.stream, e.externalId, e.message.key, e.message.values?.field])).toEqual([
      ["deals", "3", "apiKeys.record.invalidType", "amount"],
      ["deal-stages", expect.stringMatching(/^3:/), "apiKeys.record.unknownDeal", "dealExternalId"],
    ]);
    expect(run).toMatchObject({ created: 5 + 9 + 3, failed: 2 });
  });

  it("second sync reads only what changed (search API), updates that deal alone and removes an archived one", async () => {
    const now = new Date().toISOString();
    const changed = data.deals.find((d) => d.id === "5")!;
    changed.properties = { ...changed.properties, dealstage: "closedwon", amount: "1200", closedate: now, hs_lastmodifieddate: now };
    changed.propertiesWithHistory!.dealstage!.unshift(version("closedwon", now));
    const archived = data.deals.find((d) => d.id === "6")!;
    data.deals = data.deals.filter((d) => d !== archived);
    data.archivedDeals.push({ ...archived, archived: true, archivedAt: now });
    const before = { moves: (await stageMoves()).length, activities: (await testDb.sql`select count(*)::int as n from activities where org_id = ${orgId}`)[0]!.n };
    const from = hubspot.requests.length;

    const { run } = await sync();
    expect(run).toMatchObject({ status: "succeeded", created: 1, updated: 1, deleted: 1, failed: 0 });
    const asked = hubspot.requests.slice(from).map((r) => `${r.method} ${r.url.split("?")[0]}`);
    expect(asked).toContain("POST /crm/v3/objects/deals/search");
    expect(asked).toContain("POST /crm/v3/objects/deals/batch/read");
    expect(asked.filter((a) => a === "GET /crm/v3/objects/deals")).toEqual(["GET /crm/v3/objects/deals"]); // the archived list only

    const deals = await dealRows();
    expect(deals.map((d) => d.external_id)).toEqual(["1", "2", "4", "5"]);
    expect(deals.find((d) => d.external_id === "5")).toMatchObject({ amount: 1200, status: "won", stage: "Closed won", won_at: now });
    expect(deals.find((d) => d.external_id === "1")).toMatchObject({ amount: 1500.5, status: "won" });
    const moves = await stageMoves();
    expect(moves).toHaveLength(before.moves + 1 - 1); // one move of deal 5 added, deal 6's one move gone with it
    expect(moves.filter((m) => m.deal === "5").map((m) => m.to_stage)).toEqual(["appointmentscheduled", "qualifiedtobuy", "closedwon"]);
    expect((await testDb.sql`select count(*)::int as n from activities where org_id = ${orgId}`)[0]!.n).toBe(before.activities);
  });

  it("identify names the portal; listPipelines lists stages in order with HubSpot's outcome and probability", async () => {
    const credentials: Credentials = { baseUrl: hubspot.url, accessToken: data.accessToken };
    const http = createSourceHttp({ connector: hubspotConnector, credentials, saveCredentials: async () => {} });
    const ctx = { http, credentials: () => http.credentials(), cache: new Map(), signal: new AbortController().signal };
    expect(await hubspotConnector.identify(ctx)).toEqual({ accountId: "62515", name: "HubSpot 62515" });
    expect(await hubspotConnector.listPipelines(ctx)).toEqual([
      {
        externalId: "default",
        name: "Sales Pipeline",
        stages: [
          { externalId: "appointmentscheduled", name: "Appointment scheduled", position: 0, outcome: "open", probability: 20 },
          { externalId: "qualifiedtobuy", name: "Qualified to buy", position: 1, outcome: "open", probability: 40 },
          { externalId: "closedwon", name: "Closed won", position: 2, outcome: "won", probability: 100 },
          { externalId: "closedlost", name: "Closed lost", position: 3, outcome: "lost", probability: 0 },
        ],
      },
    ]);
  });

  it("a private-app token HubSpot refuses cannot be refreshed: the run fails as unauthorized without a token call", async () => {
    const credentials = sealCredentials({ baseUrl: hubspot.url, accessToken: "revoked-pat" });
    const [source] = await testDb.db.insert(dataSources).values({ orgId, kind: "hubspot", name: "HubSpot 2", accountId: "62515", credentials }).returning();
    const tokenCalls = hubspot.requests.filter((r) => r.url === "/oauth/v3/token").length;
    const { run } = await runSync(testDb.db, orgId, await queueRun(testDb.db, orgId, source!.id), options);
    expect(run).toMatchObject({ status: "failed", error: { key: "sources.crm.hubspot.reconnect" } });
    expect(hubspot.requests.filter((r) => r.url === "/oauth/v3/token")).toHaveLength(tokenCalls);
  });
});

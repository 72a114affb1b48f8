import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SyncRun } from "@/db/schema";
import type { ConnectorContext, Credentials } from "@/server/sources/connector";
import { createSourceHttp } from "@/server/sources/http";
import type { RunSyncOptions } from "@/server/sources/run-sync";
import { createTestDatabase } from "@/test/db";
import { sourceUnderTest } from "../source-under-test";
import { startFakeBitrix24, type BxPortalData } from "./fake-bitrix24";
import { bitrix24Connector } from "./index";
import type { BxStageHistoryItem } from "./mapping";
import { crmSample } from "@/test/crm-samples";

const sample = (name: string) => crmSample<any>("bitrix24", name);
const client = { id: "app.1", secret: "app-secret" };

/** A UTC instant written the way the portal writes it: Moscow time with its +03:00 offset. */
const msk = (iso: string) => new Date(Date.parse(iso) + 3 * 3600_000).toISOString().replace(/\.\d{3}Z$/, "+03:00");
const hour = (n: number) => new Date(Date.parse("2026-01-01T00:00:00Z") + n * 3600_000).toISOString();

function historyRows(): BxStageHistoryItem[] {
  const rows: BxStageHistoryItem[] = [];
  const add = (owner: number, stage: string, type: number, category = 0) =>
    rows.push({ ID: rows.length + 1, TYPE_ID: type, OWNER_ID: owner, CREATED_TIME: msk(hour(rows.length + 1)), CATEGORY_ID: category, STAGE_ID: stage });
  add(101, "NEW", 1);
  add(101, "PREPARATION", 2);
  add(101, "WON", 3);
  add(102, "NEW", 1);
  add(102, "LOSE", 3);
  add(103, "C1:NEW", 1, 1);
  add(105, "NEW", 1);
  // Deal 105 goes back and forth 49 times, so its history runs past the first page of 50 rows.
  for (let i = 1; i <= 49; i++) add(105, i % 2 ? "PREPARATION" : "NEW", 2);
  return rows;
}

const deal = (id: string, stage: string, amount: string, owner: string, created: string, extra: object = {}) => ({
  ID: id,
  TITLE: `Сделка ${id}`,
  CATEGORY_ID: stage.startsWith("C1:") ? "1" : "0",
  STAGE_ID: stage,
  OPPORTUNITY: amount,
  CURRENCY_ID: "RUB",
  ASSIGNED_BY_ID: owner,
  COMPANY_ID: "0",
  SOURCE_ID: "",
  DATE_CREATE: msk(created),
  DATE_MODIFY: msk("2026-02-01T00:00:00Z"),
  CLOSED: "N" as const,
  ...extra,
});
const activity = (id: string, type: string, dealId: string, done: boolean, start: string, minutes: number, direction = "0") => ({
  ID: id,
  OWNER_ID: dealId,
  OWNER_TYPE_ID: "2",
  TYPE_ID: type,
  SUBJECT: `Дело ${id}`,
  CREATED: msk(start),
  START_TIME: msk(start),
  END_TIME: msk(new Date(Date.parse(start) + minutes * 60_000).toISOString()),
  LAST_UPDATED: msk("2026-02-01T00:00:00Z"),
  COMPLETED: done ? ("Y" as const) : ("N" as const),
  RESPONSIBLE_ID: "1",
  DIRECTION: direction,
});

function portal(): BxPortalData {
  return {
    categories: [{ id: 0, name: "Общая", sort: 100 }, { id: 1, name: "Опт", sort: 200 }],
    statuses: {
      DEAL_STAGE: sample("crm_status_list_deal_stage.json").result,
      DEAL_STAGE_1: [
        { STATUS_ID: "C1:NEW", NAME: "Новая", SORT: "10", SEMANTICS: null },
        { STATUS_ID: "C1:WON", NAME: "Успех", SORT: "20", SEMANTICS: "S" },
        { STATUS_ID: "C1:LOSE", NAME: "Провал", SORT: "30", SEMANTICS: "F" },
      ],
      SOURCE: [{ STATUS_ID: "WEB", NAME: "Сайт" }, { STATUS_ID: "CALL", NAME: "Звонок" }],
    },
    users: sample("user_get.json").result,
    companies: [{ ID: "7", TITLE: "ООО Вектор" }],
    deals: [
      deal("101", "WON", "150000.50", "1", "2026-01-01T00:00:00Z", {
        COMPANY_ID: "7",
        SOURCE_ID: "WEB",
        CLOSED: "Y",
        CLOSEDATE: "2026-01-20T00:00:00+03:00",
        MOVED_TIME: msk(hour(3)),
      }),
      deal("102", "LOSE", "20000.00", "3", "2026-01-01T03:00:00Z", { CLOSED: "Y" }),
      deal("103", "C1:NEW", "5000", "3", "2026-01-01T05:00:00Z", { CURRENCY_ID: "USD", SOURCE_ID: "CALL" }),
      // A stage the portal does not list: reported and skipped.
      deal("104", "C9:GONE", "100", "1", "2026-01-01T06:00:00Z"),
      deal("105", "PREPARATION", "0.00", "1", "2026-01-01T06:30:00Z"),
    ],
    history: historyRows(),
    activities: [
      activity("201", "2", "101", true, "2026-01-02T10:00:00Z", 5.5, "2"),
      activity("202", "2", "102", true, "2026-01-02T11:00:00Z", 2, "1"),
      activity("203", "1", "101", true, "2026-01-03T10:00:00Z", 60),
      activity("204", "4", "103", true, "2026-01-04T10:00:00Z", 0, "2"),
      activity("205", "1", "105", false, "2026-01-05T10:00:00Z", 30),
    ],
  };
}

describe("Bitrix24 sync from a fake portal into the database", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let fake: Awaited<ReturnType<typeof startFakeBitrix24>>;
  let scope: { orgId: string; sourceId: number };
  const data = portal();
  let first: SyncRun;
  const waits: number[] = [];
  const options: RunSyncOptions = { connectors: { bitrix24: bitrix24Connector }, http: { sleep: async (ms) => void waits.push(ms) } };

  let source: Awaited<ReturnType<typeof sourceUnderTest>>;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    process.env.BITRIX24_CLIENT_ID = client.id;
    process.env.BITRIX24_CLIENT_SECRET = client.secret;
    fake = await startFakeBitrix24({ data, pageSize: 2, webhookPath: "/rest/1/hook-secret/", client, expiredAccessToken: "access-0", refreshToken: "refresh-0" });
    const credentials: Credentials = {
      baseUrl: `${fake.url}/rest/`,
      accessToken: "access-0",
      refreshToken: "refresh-0",
      memberId: "member-1",
      tokenUrl: `${fake.url}/oauth/token/`,
    };
    source = await sourceUnderTest(testDb.db, { slug: "acme-bx", kind: "bitrix24", accountId: "member-1", credentials }, options);
    scope = source.scope;
    first = await source.sync();
  });
  afterAll(async () => {
    await fake?.close();
    await testDb?.drop();
  });

  const utc = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
  const dealRows = () =>
    testDb.sql.unsafe(
      `select d.external_id, d.amount::float8 as amount, d.currency, d.status, ${utc("d.won_at")} as won_at, ${utc("d.lost_at")} as lost_at,
        d.expected_close_date::text as close_date, d.crm_url, p.name as pipeline, s.external_id as stage, r.name as owner, r.email,
        c.name as customer, ch.name as channel, l.name as loss_reason
      from deals d join pipelines p on p.id = d.pipeline_id join stages s on s.id = d.stage_id
      left join reps r on r.id = d.owner_rep_id left join customers c on c.id = d.customer_id
      left join channels ch on ch.id = d.channel_id left join loss_reasons l on l.id = d.loss_reason_id
      where d.org_id = $1 order by d.external_id`,
      [scope.orgId],
    );
  const counts = async () =>
    (
      await testDb.sql`
      select (select count(*) from deals where org_id = ${scope.orgId})::int as deals,
        (select count(*) from deal_stage_events where org_id = ${scope.orgId})::int as events,
        (select count(*) from activities where org_id = ${scope.orgId})::int as activities`
    )[0];

  it("renews the expired OAuth token through the token server and stores the new one", async () => {
    expect(first).toMatchObject({ status: "succeeded", error: null, created: 4 + 56 + 5, failed: 1 });
    expect(fake.tokensIssued()).toBe(1);
    expect(await source.storedCredentials()).toEqual(
      expect.objectContaining({ accessToken: "access-1", refreshToken: "refresh-1", baseUrl: `${fake.url}/rest/`, memberId: "member-1", tokenUrl: `${fake.url}/oauth/token/` }),
    );
    expect(fake.requests.filter((r) => r.url.includes("auth=access-1")).length).toBeGreaterThan(10);
  });

  it("stores deals with amounts from strings, currency, owner, funnel, stage, company, source, outcome and loss stage", async () => {
    const rows = await dealRows();
    expect(rows.map((r) => r.external_id)).toEqual(["101", "102", "103", "105"]);
    expect({ ...rows[0] }).toMatchObject({
      amount: 150000.5,
      currency: "RUB",
      pipeline: "Общая",
      stage: "WON",
      owner: "Vadim Valeev",
      email: "v.r.valeev@bitrix.com",
      customer: "ООО Вектор",
      channel: "Сайт",
      status: "won",
      won_at: "2026-01-01T03:00:00Z",
      close_date: "2026-01-20",
      crm_url: `${new URL(fake.url).origin}/crm/deal/details/101/`,
    });
    expect({ ...rows[1] }).toMatchObject({ amount: 20000, stage: "LOSE", status: "lost", loss_reason: "Deal failed", owner: "John Smith", lost_at: "2026-01-01T05:00:00Z" });
    expect({ ...rows[2] }).toMatchObject({ amount: 5000, currency: "USD", pipeline: "Опт", stage: "C1:NEW", channel: "Звонок", status: "open" });
    expect({ ...rows[3] }).toMatchObject({ amount: 0, stage: "PREPARATION", status: "open" });
  });

  it("reports the deal it could not map and skips it", async () => {
    expect(await source.runErrors(first.id)).toEqual([{ stream: "deals", externalId: "104", key: "sources.crm.record.unknownStage" }]);
  });

  it("stores the stage history in order, with the stage left taken from the deal's previous row (also across pages)", async () => {
    const events = await testDb.sql.unsafe(
      `select d.external_id as deal, f.external_id as from_stage, t.external_id as to_stage, ${utc("e.at")} as at
      from deal_stage_events e join deals d on d.id = e.deal_id left join stages f on f.id = e.from_stage_id join stages t on t.id = e.to_stage_id
      where e.org_id = $1 order by e.at`,
      [scope.orgId],
    );
    expect(events).toHaveLength(56);
    expect(events.slice(0, 6).map((e) => [e.deal, e.from_stage, e.to_stage, e.at])).toEqual([
      ["101", null, "NEW", "2026-01-01T01:00:00Z"],
      ["101", "NEW", "PREPARATION", "2026-01-01T02:00:00Z"],
      ["101", "PREPARATION", "WON", "2026-01-01T03:00:00Z"],
      ["102", null, "NEW", "2026-01-01T04:00:00Z"],
      ["102", "NEW", "LOSE", "2026-01-01T05:00:00Z"],
      ["103", null, "C1:NEW", "2026-01-01T06:00:00Z"],
    ]);
    // Row 51 (first of page 2) left the stage row 50 entered.
    expect([events[50]!.from_stage, events[50]!.to_stage]).toEqual(["PREPARATION", "NEW"]);
    expect(events.slice(7).every((e) => e.from_stage !== null && e.from_stage !== e.to_stage)).toBe(true);
  });

  it("stores calls with direction and duration, meetings held or not, e-mails, each on its deal", async () => {
    const rows = await testDb.sql`
      select a.external_id, a.type, a.direction, d.external_id as deal, r.name as rep, a.duration_seconds, a.meeting_held, a.completed_at is not null as done
      from activities a left join deals d on d.id = a.deal_id left join reps r on r.id = a.rep_id
      where a.org_id = ${scope.orgId} order by a.external_id`;
    expect(rows.map((a) => ({ ...a }))).toEqual([
      { external_id: "201", type: "call", direction: "outbound", deal: "101", rep: "Vadim Valeev", duration_seconds: 330, meeting_held: null, done: true },
      { external_id: "202", type: "call", direction: "inbound", deal: "102", rep: "Vadim Valeev", duration_seconds: 120, meeting_held: null, done: true },
      { external_id: "203", type: "meeting", direction: null, deal: "101", rep: "Vadim Valeev", duration_seconds: 3600, meeting_held: true, done: true },
      { external_id: "204", type: "email", direction: "outbound", deal: "103", rep: "Vadim Valeev", duration_seconds: null, meeting_held: null, done: true },
      { external_id: "205", type: "meeting", direction: null, deal: "105", rep: "Vadim Valeev", duration_seconds: 1800, meeting_held: false, done: false },
    ]);
  });

  it("retried the 503 QUERY_LIMIT_EXCEEDED after a backoff and the 429 OPERATION_TIME_LIMIT after its Retry-After", () => {
    expect(waits).toEqual([expect.any(Number), 50]);
    const calls = (method: string) => fake.requests.filter((r) => r.url.includes(`/${method}.json`)).map((r) => JSON.parse(r.body).start);
    // 5 deals, 2 a page: start 0 (first with the expired token), 2 (refused once, then served), 4.
    expect(calls("crm.deal.list")).toEqual([0, 0, 2, 2, 4]);
    // The first activities call was refused once; then 3 pages.
    expect(calls("crm.activity.list")).toEqual([0, 0, 2, 4]);
  });

  it("a second incremental run with one changed deal updates only that deal and doubles nothing", async () => {
    expect(await counts()).toEqual({ deals: 4, events: 56, activities: 5 });
    const now = new Date();
    const changed = data.deals.find((d) => d.ID === "105")!;
    Object.assign(changed, { STAGE_ID: "WON", OPPORTUNITY: "7000.00", CLOSED: "Y", DATE_MODIFY: msk(now.toISOString()) });
    data.history.push({ ID: 57, TYPE_ID: 3, OWNER_ID: 105, CREATED_TIME: msk(now.toISOString()), CATEGORY_ID: 0, STAGE_ID: "WON" });

    const second = await source.sync();
    expect(second).toMatchObject({ status: "succeeded", created: 1, updated: 1, failed: 0 });
    expect(fake.tokensIssued()).toBe(1);
    expect(await counts()).toEqual({ deals: 4, events: 57, activities: 5 });
    const rows = await dealRows();
    expect({ ...rows.find((r) => r.external_id === "105") }).toMatchObject({ amount: 7000, stage: "WON", status: "won" });
    // The new row's stage left came from the deal's earlier history, read in one batch call.
    const [latest] = await testDb.sql`
      select f.external_id as from_stage from deal_stage_events e join stages f on f.id = e.from_stage_id
      where e.org_id = ${scope.orgId} and e.external_id = '57'`;
    expect(latest).toEqual({ from_stage: "PREPARATION" });
    expect(fake.requests.filter((r) => r.url.includes("/batch.json"))).toHaveLength(1);
  });

  it("identifies a webhook connection by its portal, sending no token", async () => {
    const credentials = { baseUrl: `${fake.url}/rest/1/hook-secret/` };
    const http = createSourceHttp({ connector: bitrix24Connector, credentials, saveCredentials: async () => {} });
    const ctx: ConnectorContext = { http, credentials: () => credentials, cache: new Map(), signal: new AbortController().signal };
    expect(await bitrix24Connector.identify(ctx)).toEqual({ accountId: new URL(fake.url).host, name: new URL(fake.url).host });
    const pipelines = await bitrix24Connector.listPipelines(ctx);
    expect(pipelines.map((p) => [p.externalId, p.name, p.stages.length])).toEqual([["0", "Общая", 8], ["1", "Опт", 3]]);
    expect(pipelines[1]!.stages.map((s) => s.outcome)).toEqual(["open", "won", "lost"]);
    expect(fake.requests.at(-1)!.url).toBe("/rest/1/hook-secret/crm.status.list.json");
  });
});

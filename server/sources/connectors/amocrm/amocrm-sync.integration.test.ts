import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SyncRun } from "@/db/schema";
import type { Credentials } from "@/server/sources/connector";
import { createSourceHttp } from "@/server/sources/http";
import type { RunSyncOptions } from "@/server/sources/run-sync";
import { createTestDatabase } from "@/test/db";
import { sourceUnderTest } from "../source-under-test";
import { startFakeAmocrm, unix, type AmoAccountData } from "./fake-amocrm";
import { amocrmConnector } from "./index";
import { refreshAmocrm } from "./oauth";

const client = { id: "client-1", secret: "secret-1", redirectUri: "https://app.test/oauth/amocrm" };
const at = (iso: string) => unix(iso);

const statuses = [
  { id: 100, name: "Первичный контакт", sort: 10 },
  { id: 101, name: "Переговоры", sort: 20 },
  { id: 142, name: "Успешно реализовано", sort: 10000 },
  { id: 143, name: "Закрыто и не реализовано", sort: 11000 },
];
const lead = (id: number, status: number, price: number, owner: number, created: string, extra: object = {}) => ({
  id,
  name: `Сделка ${id}`,
  price,
  responsible_user_id: owner,
  status_id: status,
  pipeline_id: 10,
  created_at: at(created),
  updated_at: at(created) + 3600,
  closed_at: null,
  _embedded: { companies: [] as { id: number }[] },
  ...extra,
});
const move = (id: string, leadId: number, from: number, to: number, when: string) => ({
  id,
  type: "lead_status_changed",
  entity_id: leadId,
  entity_type: "lead",
  created_at: at(when),
  value_before: [{ lead_status: { id: from, pipeline_id: 10 } }],
  value_after: [{ lead_status: { id: to, pipeline_id: 10 } }],
});
const task = (id: number, type: number, leadId: number, done: boolean, created: string) => ({
  id,
  entity_id: leadId,
  entity_type: "leads",
  responsible_user_id: 1,
  task_type_id: type,
  text: `Задача ${id}`,
  duration: 0,
  is_completed: done,
  complete_till: at(created) + 86400,
  created_at: at(created),
  updated_at: at(created) + 90000,
});

function account(): AmoAccountData {
  return {
    account: { id: 31415, name: "Acme", subdomain: "acme", currency: "RUB" },
    pipelines: [{ id: 10, name: "Продажи", sort: 1, _embedded: { statuses } }],
    users: [
      { id: 1, name: "Анна Петрова", email: "anna@acme.test" },
      { id: 2, name: "Иван Соколов", email: "ivan@acme.test" },
    ],
    companies: [{ id: 500, name: "ООО Ромашка" }],
    leads: [
      lead(1001, 142, 50000, 1, "2026-01-05T09:00:00Z", { closed_at: at("2026-01-20T12:00:00Z"), _embedded: { companies: [{ id: 500 }] } }),
      lead(1002, 143, 12000, 2, "2026-01-06T09:00:00Z", { closed_at: at("2026-01-25T12:00:00Z"), _embedded: { loss_reason: [{ id: 7, name: "Дорого" }] } }),
      lead(1003, 101, 8000, 1, "2026-02-01T09:00:00Z"),
      // A status the pipeline does not have: reported and skipped.
      lead(1004, 999, 1000, 2, "2026-02-02T09:00:00Z"),
      lead(1005, 100, 0, 2, "2026-02-10T09:00:00Z"),
      lead(1006, 100, 3000, 1, "2026-02-11T09:00:00Z"),
    ],
    events: [
      move("ev-1", 1001, 100, 101, "2026-01-10T10:00:00Z"),
      move("ev-2", 1001, 101, 142, "2026-01-20T12:00:00Z"),
      move("ev-3", 1002, 100, 143, "2026-01-25T12:00:00Z"),
      move("ev-4", 1003, 100, 101, "2026-02-05T10:00:00Z"),
    ],
    tasks: [task(1, 1, 1001, true, "2026-01-08T09:00:00Z"), task(2, 2, 1003, true, "2026-02-03T09:00:00Z"), task(3, 2, 1003, false, "2026-02-04T09:00:00Z")],
    notes: [
      { id: 9001, entity_id: 1001, responsible_user_id: 1, note_type: "call_out", created_at: at("2026-01-07T08:00:00Z"), updated_at: at("2026-01-07T08:00:00Z"), params: { duration: 185, phone: "+7 900 000-00-01" } },
      { id: 9002, entity_id: 1002, responsible_user_id: 2, note_type: "call_in", created_at: at("2026-01-08T08:00:00Z"), updated_at: at("2026-01-08T08:00:00Z"), params: { duration: 60 } },
    ],
  };
}

describe("amoCRM sync from a fake amoCRM into the database", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let fake: Awaited<ReturnType<typeof startFakeAmocrm>>;
  let scope: { orgId: string; sourceId: number };
  const data = account();
  let credentials: Credentials;
  let first: SyncRun;
  const waits: number[] = [];
  const options: RunSyncOptions = { connectors: { amocrm: amocrmConnector }, http: { sleep: async (ms) => void waits.push(ms) } };

  let source: Awaited<ReturnType<typeof sourceUnderTest>>;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    process.env.AMOCRM_CLIENT_ID = client.id;
    process.env.AMOCRM_CLIENT_SECRET = client.secret;
    fake = await startFakeAmocrm({ data, pageSize: 2, client, expiredAccessToken: "access-0", refreshToken: "refresh-0" });
    credentials = { baseUrl: fake.url, accessToken: "access-0", refreshToken: "refresh-0", redirectUri: client.redirectUri };
    source = await sourceUnderTest(testDb.db, { slug: "acme-amo", kind: "amocrm", accountId: "31415", credentials }, options);
    scope = source.scope;
    first = await source.sync();
  });
  afterAll(async () => {
    await fake?.close();
    await testDb?.drop();
  });

  const dealRows = () => testDb.sql`
    select d.external_id, d.title, d.amount::float8 as amount, d.currency, d.status, to_char(d.won_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as won_at, to_char(d.lost_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as lost_at, d.crm_url,
      p.name as pipeline, s.external_id as stage, r.name as owner, r.email, c.name as customer, l.name as loss_reason
    from deals d join pipelines p on p.id = d.pipeline_id join stages s on s.id = d.stage_id
    left join reps r on r.id = d.owner_rep_id left join customers c on c.id = d.customer_id left join loss_reasons l on l.id = d.loss_reason_id
    where d.org_id = ${scope.orgId} order by d.external_id`;

  it("refreshes the expired token once and stores the new pair; the used refresh token no longer works", async () => {
    expect(first).toMatchObject({ status: "succeeded", error: null, created: 5 + 4 + 5, failed: 1 });
    expect(fake.tokensIssued()).toBe(1);
    expect(await source.storedCredentials()).toEqual({ ...credentials, accessToken: "access-1", refreshToken: "refresh-1", expiresAt: expect.any(String) });
    const plain = createSourceHttp({ connector: { authorize: () => ({}) }, credentials, saveCredentials: async () => {}, maxAttempts: 1 });
    await expect(refreshAmocrm(credentials, plain)).rejects.toMatchObject({ status: 401 });
  });

  it("stores the leads with amount, account currency, owner, pipeline, stage, customer, loss reason and outcome", async () => {
    const rows = await dealRows();
    expect(rows.map((r) => r.external_id)).toEqual(["1001", "1002", "1003", "1005", "1006"]);
    expect(rows[0]).toMatchObject({
      title: "Сделка 1001",
      amount: 50000,
      currency: "RUB",
      pipeline: "Продажи",
      stage: "10:142",
      owner: "Анна Петрова",
      email: "anna@acme.test",
      customer: "ООО Ромашка",
      status: "won",
      // won at the move into 142, from the status history
      won_at: "2026-01-20T12:00:00.000Z",
      crm_url: `${fake.url}/leads/detail/1001`,
    });
    expect(rows[1]).toMatchObject({ amount: 12000, stage: "10:143", status: "lost", loss_reason: "Дорого", owner: "Иван Соколов", lost_at: "2026-01-25T12:00:00.000Z" });
    expect(rows[2]).toMatchObject({ amount: 8000, stage: "10:101", status: "open" });
    expect(rows[3]).toMatchObject({ amount: 0, stage: "10:100", status: "open", customer: null });
  });

  it("reports the lead it could not map and skips it", async () => {
    expect(await source.runErrors(first.id)).toEqual([{ stream: "deals", externalId: "1004", key: "sources.crm.record.unknownStage" }]);
  });

  it("stores the status changes in order with the stage left and entered", async () => {
    const events = await testDb.sql`
      select d.external_id as deal, e.external_id, f.external_id as from_stage, t.external_id as to_stage, to_char(e.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at
      from deal_stage_events e join deals d on d.id = e.deal_id left join stages f on f.id = e.from_stage_id join stages t on t.id = e.to_stage_id
      where e.org_id = ${scope.orgId} order by d.external_id, e.at`;
    expect(events.map((e) => [e.deal, e.from_stage, e.to_stage, e.at])).toEqual([
      ["1001", "10:100", "10:101", "2026-01-10T10:00:00.000Z"],
      ["1001", "10:101", "10:142", "2026-01-20T12:00:00.000Z"],
      ["1002", "10:100", "10:143", "2026-01-25T12:00:00.000Z"],
      ["1003", "10:100", "10:101", "2026-02-05T10:00:00.000Z"],
    ]);
  });

  it("stores tasks and call notes as activities of their deals", async () => {
    const activities = await testDb.sql`
      select a.external_id, a.type, a.direction, d.external_id as deal, r.name as rep, a.duration_seconds, a.meeting_held, a.completed_at is not null as done
      from activities a left join deals d on d.id = a.deal_id left join reps r on r.id = a.rep_id
      where a.org_id = ${scope.orgId} order by a.external_id`;
    expect(activities.map((a) => ({ ...a }))).toEqual([
      { external_id: "note-9001", type: "call", direction: "outbound", deal: "1001", rep: "Анна Петрова", duration_seconds: 185, meeting_held: null, done: true },
      { external_id: "note-9002", type: "call", direction: "inbound", deal: "1002", rep: "Иван Соколов", duration_seconds: 60, meeting_held: null, done: true },
      { external_id: "task-1", type: "call", direction: null, deal: "1001", rep: "Анна Петрова", duration_seconds: null, meeting_held: null, done: true },
      { external_id: "task-2", type: "meeting", direction: null, deal: "1003", rep: "Анна Петрова", duration_seconds: null, meeting_held: true, done: true },
      { external_id: "task-3", type: "meeting", direction: null, deal: "1003", rep: "Анна Петрова", duration_seconds: null, meeting_held: false, done: false },
    ]);
  });

  it("waited out the 429 for its Retry-After and read past the empty page (204) at the end of each list", () => {
    expect(waits).toEqual([50]);
    const leadsPage2 = fake.requests.filter((r) => r.url.startsWith("/api/v4/leads?") && new URL(r.url, "http://x").searchParams.get("page") === "2");
    expect(leadsPage2).toHaveLength(2);
    // 6 leads, 2 a page: page 4 is empty and answered 204, which ends the pass.
    expect(fake.requests.some((r) => r.url.startsWith("/api/v4/leads?") && r.url.includes("page=4"))).toBe(true);
  });

  it("a second incremental run with one changed lead updates only that lead and doubles nothing", async () => {
    const changed = data.leads.find((l) => l.id === 1003)!;
    const now = Math.floor(Date.now() / 1000);
    Object.assign(changed, { status_id: 142, price: 9000, updated_at: now, closed_at: now });
    // Moved to the trash before the first sync: never stored, so nothing to remove.
    Object.assign(data.leads.find((l) => l.id === 1004)!, { is_deleted: true, updated_at: now });
    data.events.push(move("ev-5", 1003, 101, 142, new Date(now * 1000).toISOString()));
    const counts = async () => (await testDb.sql`
      select (select count(*) from deals where org_id = ${scope.orgId})::int as deals,
        (select count(*) from deal_stage_events where org_id = ${scope.orgId})::int as events,
        (select count(*) from activities where org_id = ${scope.orgId})::int as activities`)[0];
    expect(await counts()).toEqual({ deals: 5, events: 4, activities: 5 });

    const second = await source.sync();
    expect(second).toMatchObject({ status: "succeeded", created: 1, updated: 1, deleted: 0, failed: 0 });
    expect(fake.tokensIssued()).toBe(1);
    expect(await counts()).toEqual({ deals: 5, events: 5, activities: 5 });
    const rows = await dealRows();
    expect(rows.find((r) => r.external_id === "1003")).toMatchObject({ amount: 9000, stage: "10:142", status: "won" });
    expect(rows.find((r) => r.external_id === "1001")).toMatchObject({ amount: 50000, status: "won" });
  });

  it("a lead moved to the trash is removed by the next incremental run", async () => {
    Object.assign(data.leads.find((l) => l.id === 1006)!, { is_deleted: true, updated_at: Math.floor(Date.now() / 1000) });
    const third = await source.sync();
    expect(third).toMatchObject({ status: "succeeded", created: 0, updated: 0, deleted: 1, failed: 0 });
    expect((await dealRows()).map((r) => r.external_id)).toEqual(["1001", "1002", "1003", "1005"]);
  });
});

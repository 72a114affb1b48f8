import { and, asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activities, dataSources, dealStageEvents, deals, organizations, pipelines, stages, syncRunErrors, syncRuns } from "@/db/schema";
import { connectSource } from "@/server/sources/connect/connect-source";
import { completeOAuth } from "@/server/sources/connect/connect-oauth";
import { crmPipelinesForMapping } from "@/server/sources/connect/crm-pipelines";
import { startFirstSync } from "@/server/sources/connect/first-sync";
import { saveSourceMapping } from "@/server/sources/connect/save-mapping";
import { runSync } from "@/server/sources/run-sync";
import { openCredentials } from "@/server/sources/secrets";
import { setSyncQueue } from "@/server/sources/sync-queue";
import { useTestEncryptionKey } from "@/server/sources/testing/source-fixtures";
import { createTestDatabase } from "@/test/db";
import { FAKE_API_TOKEN, FAKE_COMPANY, FAKE_EXPECTED, FAKE_OAUTH, startFakePipedrive } from "./fake-pipedrive";
import { pipedriveConnector } from "./index";

const registry = { pipedrive: pipedriveConnector };
const fastHttp = { sleep: async () => {}, baseDelayMs: 1 };

describe("Pipedrive connected through the wizard's domain and synced by the engine", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let fake: Awaited<ReturnType<typeof startFakePipedrive>>;
  let orgId: string;
  let sourceId: number;

  const scoped = <T extends typeof deals | typeof activities | typeof dealStageEvents>(table: T) => and(eq(table.orgId, orgId), eq(table.sourceId, sourceId));
  const sync = async () => {
    const { runId } = await startFirstSync(testDb.db, orgId, sourceId);
    const result = await runSync(testDb.db, orgId, runId, { connectors: registry, http: fastHttp });
    const [run] = await testDb.db.select().from(syncRuns).where(eq(syncRuns.id, runId));
    return { runId, result, run: run! };
  };

  beforeAll(async () => {
    process.env.SOURCES_ALLOW_ANY_HOST = "1";
    useTestEncryptionKey();
    setSyncQueue({ send: async () => {} });
    testDb = await createTestDatabase();
    fake = await startFakePipedrive();
    const [org] = await testDb.db.insert(organizations).values({ name: "Fake Windows", slug: "fake-windows" }).returning();
    orgId = org!.id;
  });
  afterAll(async () => {
    for (const name of ["SOURCES_ALLOW_ANY_HOST", "PIPEDRIVE_CLIENT_ID", "PIPEDRIVE_CLIENT_SECRET", "PIPEDRIVE_OAUTH_URL"]) delete process.env[name];
    setSyncQueue(undefined);
    await fake.close();
    await testDb.drop();
  });

  it("refuses a wrong token with the CRM's unauthorized message next to the token field, and a host outside pipedrive.com", async () => {
    await expect(connectSource(testDb.db, orgId, "pipedrive", { apiToken: "wrong", companyDomain: fake.url }, registry)).rejects.toMatchObject({
      messageKey: "sources.connect.errors.unauthorized",
      fieldErrors: { apiToken: "sources.connect.errors.unauthorizedField" },
    });
    delete process.env.SOURCES_ALLOW_ANY_HOST;
    await expect(connectSource(testDb.db, orgId, "pipedrive", { apiToken: FAKE_API_TOKEN, companyDomain: fake.url }, registry)).rejects.toMatchObject({
      fieldErrors: { companyDomain: "sources.connect.errors.hostNotAllowed" },
    });
    process.env.SOURCES_ALLOW_ANY_HOST = "1";
    expect(await testDb.db.select().from(dataSources).where(eq(dataSources.orgId, orgId))).toEqual([]);
  });

  it("connects with an API token: the company is the account, the token is stored sealed, and the account cannot be connected twice", async () => {
    const connected = await connectSource(testDb.db, orgId, "pipedrive", { apiToken: FAKE_API_TOKEN, companyDomain: fake.url }, registry);
    sourceId = connected.sourceId;
    expect(connected.name).toBe(FAKE_COMPANY.name);
    const [row] = await testDb.db.select().from(dataSources).where(and(eq(dataSources.orgId, orgId), eq(dataSources.id, sourceId)));
    expect(row).toMatchObject({ kind: "pipedrive", accountId: String(FAKE_COMPANY.id), name: FAKE_COMPANY.name });
    expect(row!.credentials).not.toContain(FAKE_API_TOKEN);
    expect(openCredentials(row!.credentials!)).toEqual({ apiToken: FAKE_API_TOKEN, baseUrl: fake.url });
    await expect(connectSource(testDb.db, orgId, "pipedrive", { apiToken: FAKE_API_TOKEN, companyDomain: fake.url }, registry)).rejects.toMatchObject({
      messageKey: "sources.connect.errors.alreadyConnected",
    });
  });

  it("lists the pipelines with suggested steps, and saving the mapping creates them under the source", async () => {
    const crm = await crmPipelinesForMapping(testDb.db, orgId, sourceId, registry);
    expect(crm.map((p) => [p.name, p.stages.map((s) => `${s.name}→${s.step}`)])).toEqual([
      ["Sales", ["Qualified→qualified", "Contact Made→lead", "Demo Scheduled→meeting_scheduled", "Proposal Made→proposal", "Negotiations Started→negotiation", "Won→won", "Lost→lost"]],
      ["Партнёры", ["Первичный контакт→lead", "Переговоры→negotiation", "Договор подписан→won", "Won→won", "Lost→lost"]],
    ]);
    // The person corrects one suggestion: in this pipeline a signed contract is still negotiation until paid.
    const mapping = crm.map((p) => ({
      externalId: p.externalId,
      name: p.name,
      stages: p.stages.map((s) => ({ externalId: s.externalId, name: s.name, step: s.name === "Договор подписан" ? ("negotiation" as const) : s.step, probability: s.probability ?? null })),
    }));
    await saveSourceMapping(testDb.db, orgId, sourceId, { pipelines: mapping });
    const saved = await testDb.db
      .select({ pipeline: pipelines.name, stage: stages.name, step: stages.funnelStep, probability: stages.winProbability, position: stages.position })
      .from(stages)
      .innerJoin(pipelines, and(eq(pipelines.orgId, stages.orgId), eq(pipelines.id, stages.pipelineId)))
      .where(and(eq(stages.orgId, orgId), eq(stages.sourceId, sourceId)))
      .orderBy(asc(pipelines.name), asc(stages.position));
    expect(saved.filter((s) => s.pipeline === "Партнёры")).toEqual([
      { pipeline: "Партнёры", stage: "Первичный контакт", step: "lead", probability: 0.1, position: 0 },
      { pipeline: "Партнёры", stage: "Переговоры", step: "negotiation", probability: 0.5, position: 1 },
      { pipeline: "Партнёры", stage: "Договор подписан", step: "negotiation", probability: 0.9, position: 2 },
      { pipeline: "Партнёры", stage: "Won", step: "won", probability: 1, position: 3 },
      { pipeline: "Партнёры", stage: "Lost", step: "lost", probability: 0, position: 4 },
    ]);
    expect((await crmPipelinesForMapping(testDb.db, orgId, sourceId, registry))[1]!.stages[2]!.step).toBe("negotiation");
  });

  it("syncs deals, stage history and activities through pages and a 429, reporting the malformed deal", async () => {
    const { result, run, runId } = await sync();
    expect(result.outcome).toBe("finished");
    expect(run).toMatchObject({ status: "succeeded", failed: expect.any(Number) });
    // The second deals page was refused once with 429 + Retry-After and asked again.
    expect(fake.requests.filter((r) => r.path.startsWith("/api/v2/deals?") && r.path.includes("cursor=5")).length).toBeGreaterThanOrEqual(2);

    const synced = await testDb.db
      .select({ externalId: deals.externalId, status: deals.status, amount: deals.amount, currency: deals.currency, wonAt: deals.wonAt, lostAt: deals.lostAt, crmUrl: deals.crmUrl })
      .from(deals)
      .where(scoped(deals))
      .orderBy(sql`external_id::int`);
    expect(synced.map((d) => d.externalId)).toEqual(["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"]);
    expect(synced.filter((d) => d.status === "won")).toHaveLength(FAKE_EXPECTED.won);
    expect(synced.filter((d) => d.status === "lost")).toHaveLength(FAKE_EXPECTED.lost);
    expect(synced.filter((d) => d.status === "open")).toHaveLength(FAKE_EXPECTED.open);
    expect(synced.filter((d) => d.status === "won").reduce((sum, d) => sum + Number(d.amount), 0)).toBe(FAKE_EXPECTED.wonValue);
    expect(synced[0]).toMatchObject({ currency: "USD", crmUrl: `https://${FAKE_COMPANY.domain}.pipedrive.com/deal/1` });
    expect(synced[0]!.wonAt).not.toBeNull();

    // Deal 3 (Sales): created in Qualified, moved to Contact Made, then won.
    const history = await testDb.db
      .select({ externalId: dealStageEvents.externalId, to: stages.name })
      .from(dealStageEvents)
      .innerJoin(deals, and(eq(deals.orgId, dealStageEvents.orgId), eq(deals.id, dealStageEvents.dealId)))
      .innerJoin(stages, and(eq(stages.orgId, dealStageEvents.orgId), eq(stages.id, dealStageEvents.toStageId)))
      .where(and(eq(dealStageEvents.orgId, orgId), eq(deals.externalId, "1")))
      .orderBy(asc(dealStageEvents.at));
    expect(history.map((e) => e.to)).toEqual(["Qualified", "Contact Made", "Won"]);

    const acts = await testDb.db.select({ type: activities.type, meetingHeld: activities.meetingHeld, duration: activities.durationSeconds }).from(activities).where(scoped(activities));
    expect(acts.filter((a) => a.type === "call")).toHaveLength(11);
    expect(acts.filter((a) => a.type === "meeting" && a.meetingHeld)).toHaveLength(FAKE_EXPECTED.won);
    expect(acts.find((a) => a.type === "call")!.duration).toBe(300);

    const errors = await testDb.db.select({ stream: syncRunErrors.stream, externalId: syncRunErrors.externalId }).from(syncRunErrors).where(eq(syncRunErrors.runId, runId));
    expect(errors).toContainEqual({ stream: "deals", externalId: "12" });
  });

  it("a second sync reads only what changed since and changes nothing", async () => {
    const before = await testDb.db.select().from(deals).where(scoped(deals)).orderBy(asc(deals.id));
    const { run } = await sync();
    expect(run).toMatchObject({ status: "succeeded", created: 0, updated: 0, deleted: 0 });
    expect(await testDb.db.select().from(deals).where(scoped(deals)).orderBy(asc(deals.id))).toEqual(before);
  });

  it("an incremental sync follows a deal won and a deal deleted in Pipedrive since", async () => {
    await new Promise((resolve) => setTimeout(resolve, 1100)); // updated_since has whole seconds
    fake.changes.win(9);
    fake.changes.remove(10);
    const { run } = await sync();
    expect(run).toMatchObject({ status: "succeeded", deleted: 1 });
    const rows = await testDb.db.select({ externalId: deals.externalId, status: deals.status, wonAt: deals.wonAt }).from(deals).where(scoped(deals));
    expect(rows.map((d) => d.externalId)).not.toContain("10");
    expect(rows.find((d) => d.externalId === "9")).toMatchObject({ status: "won", wonAt: expect.any(Date) });
    expect(rows.filter((d) => d.status === "won")).toHaveLength(FAKE_EXPECTED.won + 1);
  });

  it("connects with OAuth: the code's expired access token is refreshed on the first call and the fresh one is stored", async () => {
    const env = { ...process.env, PIPEDRIVE_CLIENT_ID: FAKE_OAUTH.clientId, PIPEDRIVE_CLIENT_SECRET: FAKE_OAUTH.clientSecret, APP_URL: "http://app.test" };
    Object.assign(process.env, { PIPEDRIVE_CLIENT_ID: FAKE_OAUTH.clientId, PIPEDRIVE_CLIENT_SECRET: FAKE_OAUTH.clientSecret, PIPEDRIVE_OAUTH_URL: fake.url });
    const [other] = await testDb.db.insert(organizations).values({ name: "OAuth Windows", slug: "oauth-windows" }).returning();
    const connected = await completeOAuth(testDb.db, other!.id, "pipedrive", { code: FAKE_OAUTH.code, state: "checked-by-the-route" }, { registry, env });
    const [row] = await testDb.db.select().from(dataSources).where(and(eq(dataSources.orgId, other!.id), eq(dataSources.id, connected.sourceId)));
    expect(openCredentials(row!.credentials!)).toEqual({ baseUrl: fake.url, accessToken: FAKE_OAUTH.freshAccess, refreshToken: FAKE_OAUTH.refresh });
    const tokenCalls = fake.requests.filter((r) => r.path === "/oauth/token");
    expect(tokenCalls).toHaveLength(2);
    await expect(completeOAuth(testDb.db, other!.id, "pipedrive", { code: "stolen" }, { registry, env })).rejects.toMatchObject({ messageKey: "sources.connect.errors.oauthExchange" });
  });
});

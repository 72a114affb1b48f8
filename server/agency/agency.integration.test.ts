import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dashboards, dataSources, memberships, organizations, pipelines, quotas, stages, syncRuns, users, type Organization } from "@/db/schema";
import { computesForSeveralOrgs } from "@/server/kpi/asked";
import { computeMetrics } from "@/server/kpi/compute";
import { createSalesOrg } from "@/server/kpi/test-fixtures";
import { resolveOrgAccess } from "@/server/tenancy/access";
import { createClientOrganization } from "@/server/tenancy/clients";
import { listAccessibleOrganizations } from "@/server/tenancy/organizations";
import { createCaller } from "@/server/trpc/root";
import { createTestDatabase } from "@/test/db";
import { agencyOverview, overviewMetrics } from "./overview";
import { mapStagesFromTemplate, templateStepFor } from "./stage-template";
import { listAgencyTemplates, saveTemplatesFromClient } from "./templates";

/** Kyiv is UTC+2 in March 2025: the month is [2025-02-28T22:00Z, 2025-03-31T21:00Z). */
const now = new Date("2025-03-20T12:00:00Z");
const march = { period: "custom" as const, from: "2025-03-01", to: "2025-03-31" };

describe("agency workspace", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  const user: Record<string, string> = {};
  const org: Record<string, string> = {};
  let growth: Organization;
  const as = (who: string) => createCaller({ db: testDb.db, userId: user[who]!, locale: "en" });
  const codeOf = (promise: Promise<unknown>) => promise.then(() => "OK", (e: { code?: string }) => e.code);

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const { db } = testDb;
    [growth] = await db.insert(organizations).values({ name: "Growth", slug: "growth", kind: "agency", timeZone: "Europe/Kyiv" }).returning() as [Organization];
    const [rival] = await db.insert(organizations).values({ name: "Rival", slug: "rival", kind: "agency" }).returning();
    org.growth = growth.id;
    org.rival = rival!.id;

    // The viewed client c1 and four others whose won revenue is 100, 200, 400, 1000 and won deals 1, 2, 3, 5.
    const wins: Record<string, number[]> = { c1: [70], c2: [100], c3: [100, 100], c4: [100, 100, 200], c5: [200, 200, 200, 200, 200] };
    for (const [slug, amounts] of Object.entries(wins)) {
      const client = await createSalesOrg(db, { slug, timeZone: "Europe/Kyiv", currency: "USD", agencyOrgId: growth.id });
      org[slug] = client.orgId;
      for (const amount of amounts) {
        await client.addDeal({ createdAt: "2025-03-03T10:00:00Z", path: [["lead", "2025-03-03T10:00:00Z"], ["won", "2025-03-10T10:00:00Z"]], status: "won", wonAt: "2025-03-10T10:00:00Z", amount });
      }
      if (slug === "c1") {
        await client.addDeal({ createdAt: "2025-03-04T10:00:00Z", path: [["lead", "2025-03-04T10:00:00Z"], ["won", "2025-03-11T10:00:00Z"]], status: "won", wonAt: "2025-03-11T10:00:00Z" });
        await client.addQuotas([{ scope: "org", periodStart: "2025-03-01", target: 140 }]);
      }
    }
    // Another agency's client with revenue far above the rest: it must never count.
    const foreign = await createSalesOrg(db, { slug: "foreign", timeZone: "Europe/Kyiv", currency: "USD", agencyOrgId: rival!.id });
    org.foreign = foreign.orgId;
    await foreign.addDeal({ createdAt: "2025-03-03T10:00:00Z", path: [["lead", "2025-03-03T10:00:00Z"], ["won", "2025-03-10T10:00:00Z"]], status: "won", wonAt: "2025-03-10T10:00:00Z", amount: 99_999 });
    // c4 has a CRM that last synced two days ago, and its latest run failed.
    const [crm] = await db.insert(dataSources).values({ orgId: org.c4!, kind: "hubspot", name: "HubSpot", lastSyncedAt: new Date("2025-03-18T11:00:00Z") }).returning();
    await db.insert(syncRuns).values({ orgId: org.c4!, sourceId: crm!.id, status: "failed", queuedAt: new Date("2025-03-19T11:00:00Z") });
    const [leaving] = await db.insert(organizations).values({ name: "Leaving Co", slug: "leaving", agencyOrgId: growth.id }).returning();
    org.leaving = leaving!.id;

    const people = ["consultant", "agencyOwner", "agencyMarketer", "rivalConsultant", "clientOwner", "clientManager", "c1Owner"];
    const rows = await db.insert(users).values(people.map((p) => ({ email: `${p}@test.dev` }))).returning();
    people.forEach((p, i) => (user[p] = rows[i]!.id));
    await db.insert(memberships).values([
      { orgId: org.growth, userId: user.consultant!, role: "consultant" },
      { orgId: org.growth, userId: user.agencyOwner!, role: "owner" },
      { orgId: org.growth, userId: user.agencyMarketer!, role: "marketer" },
      { orgId: org.rival, userId: user.rivalConsultant!, role: "consultant" },
      { orgId: org.leaving, userId: user.clientOwner!, role: "owner" },
      { orgId: org.leaving, userId: user.clientManager!, role: "manager" },
      { orgId: org.c1!, userId: user.c1Owner!, role: "owner" },
    ]);
  });
  afterAll(() => testDb.drop());

  describe("tenancy", () => {
    it("gives a consultant every client of their agency and none of another agency's", async () => {
      expect(await resolveOrgAccess(testDb.db, user.consultant!, "c3")).toMatchObject({ role: "consultant", via: "agency" });
      expect(await resolveOrgAccess(testDb.db, user.consultant!, "foreign")).toBeNull();
      expect(await resolveOrgAccess(testDb.db, user.rivalConsultant!, "c3")).toBeNull();
      expect(await codeOf(as("rivalConsultant").orgs.current({ orgSlug: "c3" }))).toBe("NOT_FOUND");
      expect(await codeOf(as("rivalConsultant").agency.benchmark({ orgSlug: "c1", metrics: ["revenue_won"], period: march }))).toBe("NOT_FOUND");
      expect(await resolveOrgAccess(testDb.db, user.agencyMarketer!, "c3")).toBeNull();
    });

    it("shows a client's member neither the agency nor its other clients", async () => {
      expect(await resolveOrgAccess(testDb.db, user.clientOwner!, "growth")).toBeNull();
      expect(await resolveOrgAccess(testDb.db, user.clientOwner!, "c2")).toBeNull();
      expect((await listAccessibleOrganizations(testDb.db, user.clientOwner!)).map((o) => o.slug)).toEqual(["leaving"]);
      expect(await codeOf(as("clientOwner").agency.overview({ orgSlug: "growth", period: "this_month" }))).toBe("NOT_FOUND");
    });
  });

  describe("benchmark", () => {
    it("gives quartiles across the agency's other clients only, computed by hand", async () => {
      const result = await as("consultant").agency.benchmark({ orgSlug: "c1", metrics: ["revenue_won", "deals_won"], period: march });
      // Revenue of c2..c5 sorted 100 200 400 1000 (c1's 70 and the rival's 99 999 left out): positions 0.75, 1.5, 2.25.
      expect(result[0]).toEqual({ metric: "revenue_won", unit: "money", currency: "USD", quartiles: { n: 4, q1: 175, median: 300, q3: 550 } });
      // Deals won 1 2 3 5.
      expect(result[1]).toMatchObject({ metric: "deals_won", quartiles: { n: 4, q1: 1.75, median: 2.5, q3: 3.5 } });
    });

    it("mixes metrics the engine computes for all the clients at once with those it computes one client at a time", async () => {
      expect([computesForSeveralOrgs("deals_won"), computesForSeveralOrgs("deals_open"), computesForSeveralOrgs("custom.nps")]).toEqual([true, false, false]);
      const mixed = await as("consultant").agency.benchmark({ orgSlug: "c1", metrics: ["deals_open", "deals_won"], period: march });
      expect(mixed.map((m) => m.metric)).toEqual(["deals_open", "deals_won"]);
      expect(mixed[1]).toMatchObject({ metric: "deals_won", quartiles: { n: 4, q1: 1.75, median: 2.5, q3: 3.5 } });
      const alone = await as("consultant").agency.benchmark({ orgSlug: "c1", metrics: ["deals_open"], period: march });
      expect(mixed[0]).toEqual(alone[0]);
      expect(mixed[0]!.quartiles?.n).toBeGreaterThan(0);
    });

    it("is refused to the client's own members", async () => {
      expect(await codeOf(as("c1Owner").agency.benchmark({ orgSlug: "c1", metrics: ["revenue_won"], period: march }))).toBe("FORBIDDEN");
    });
  });

  describe("overview", () => {
    it("lists every client with the numbers computeMetrics gives each of them", async () => {
      // c5 has won 1 000 of a 600 plan: no coverage left to compute, and the row says why.
      await testDb.db.insert(quotas).values([{ orgId: org.c5!, metric: "revenue_won", scope: "org", periodKind: "month", periodStart: "2025-03-01", target: 600 }]);
      const overview = await agencyOverview(testDb.db, growth, { period: "this_month" }, now);
      expect(new Set(overview.clients.map((c) => c.slug))).toEqual(new Set(["c1", "c2", "c3", "c4", "c5", "leaving"]));
      expect(overview.period).toEqual({ from: "2025-03-01", to: "2025-03-31" });
      for (const client of overview.clients) {
        const own = await computeMetrics(testDb.db, org[client.slug]!, { metrics: [...overviewMetrics], period: { period: "this_month" } }, now);
        expect(client.values).toEqual(Object.fromEntries(own.metrics.map((m) => [m.id, m.value])));
      }
      const c4 = overview.clients.find((c) => c.slug === "c4")!;
      expect(c4.values.revenue_won).toBe(400);
      expect(c4.values.leads_created).toBe(3);
      expect(c4.trend).toHaveLength(6);
      expect(c4.trend.at(-1)).toEqual({ month: "2025-03-01", revenue: 400 });
      expect(c4.health).toMatchObject({ hasCrmSource: true, lastRunStatus: "failed", unmappedStages: 1 });
      expect(c4.warnings.map((w) => w.kind)).toEqual(["no_recent_sync", "last_sync_failed", "unmapped_stages"]);
      const c1 = overview.clients.find((c) => c.slug === "c1")!;
      expect(c1.warnings).toContainEqual({ kind: "won_without_amount", count: 1 });
      expect(c1.values.plan_attainment).toBeCloseTo(0.5);
      expect(c1.planTarget).toBe(140);
      expect(c1.coveragePlanReached).toBe(false);
      const c5 = overview.clients.find((c) => c.slug === "c5")!;
      expect(c5.values.pipeline_coverage).toBeNull();
      expect(c5.coveragePlanReached).toBe(true);
    });
  });

  describe("templates", () => {
    it("saves a client's setup and applies it to the next client the agency creates", async () => {
      const { db } = testDb;
      await db.insert(dashboards).values({ orgId: org.c2!, role: "head_of_sales", widgets: [{ metric: "revenue_won" }] });
      await db.insert(quotas).values([{ orgId: org.c2!, metric: "deals_won", scope: "org", periodKind: "month", periodStart: "2025-03-01", target: 7 }]);
      await db.insert(quotas).values([{ orgId: org.c2!, metric: "revenue_won", scope: "org", periodKind: "month", periodStart: "2025-02-01", target: 900 }]);
      await db.insert(quotas).values([{ orgId: org.c2!, metric: "revenue_won", scope: "org", periodKind: "month", periodStart: "2025-03-01", target: 1000 }]);

      expect(await saveTemplatesFromClient(db, growth, "c2", now)).toEqual({ saved: ["stage_mapping", "dashboards", "plans"], skipped: [] });
      expect(await listAgencyTemplates(db, growth)).toEqual([
        { kind: "stage_mapping", savedFromOrgName: "c2", updatedAt: now, items: 9 },
        { kind: "dashboards", savedFromOrgName: "c2", updatedAt: now, items: 1 },
        { kind: "plans", savedFromOrgName: "c2", updatedAt: now, items: 2 },
      ]);

      const fields = { organizationName: "Fresh Client", currency: "USD" as const, timeZone: "Europe/Kyiv" };
      const fresh = await createClientOrganization(db, growth, fields, "en", now);
      expect(await db.select({ role: dashboards.role, widgets: dashboards.widgets }).from(dashboards).where(eq(dashboards.orgId, fresh.id))).toEqual([
        { role: "head_of_sales", widgets: [{ metric: "revenue_won" }] },
      ]);
      const planned = await db.select().from(quotas).where(eq(quotas.orgId, fresh.id));
      expect(planned).toHaveLength(24);
      expect(planned.filter((q) => q.metric === "revenue_won").map((q) => [q.periodStart, q.target, q.scope]).slice(0, 2)).toEqual([
        ["2025-03-01", 1000, "org"],
        ["2025-04-01", 1000, "org"],
      ]);
      expect(planned.find((q) => q.metric === "deals_won" && q.periodStart === "2026-02-01")?.target).toBe(7);

      // Stages arrive later (a sync or an import) and take the template's step by name.
      expect(await templateStepFor(db, fresh.id, "  Meeting_Held ")).toBe("meeting_held");
      expect(await templateStepFor(db, fresh.id, "unmapped")).toBeNull();
      const [pipeline] = await db.insert(pipelines).values({ orgId: fresh.id, name: "CRM" }).returning();
      await db.insert(stages).values([
        { orgId: fresh.id, pipelineId: pipeline!.id, name: "Qualified", position: 0 },
        { orgId: fresh.id, pipelineId: pipeline!.id, name: "Won", position: 1, funnelStep: "fulfilled" },
        { orgId: fresh.id, pipelineId: pipeline!.id, name: "Site visit", position: 2 },
      ]);
      expect(await mapStagesFromTemplate(db, fresh.id)).toBe(1);
      const mapped = await db.select({ name: stages.name, step: stages.funnelStep }).from(stages).where(eq(stages.orgId, fresh.id)).orderBy(stages.position);
      expect(mapped).toEqual([
        { name: "Qualified", step: "qualified" },
        { name: "Won", step: "fulfilled" },
        { name: "Site visit", step: null },
      ]);

      // A client in another currency gets the count targets but not the money ones.
      const euro = await createClientOrganization(db, growth, { ...fields, organizationName: "Euro Client", currency: "EUR" }, "en", now);
      expect(new Set((await db.select().from(quotas).where(eq(quotas.orgId, euro.id))).map((q) => q.metric))).toEqual(new Set(["deals_won"]));
    });

    it("saves only from the agency's own clients, and only for people who manage clients", async () => {
      expect(await codeOf(as("consultant").agency.saveTemplates({ orgSlug: "growth", clientSlug: "foreign" }))).toBe("NOT_FOUND");
      expect(await codeOf(as("agencyMarketer").agency.saveTemplates({ orgSlug: "growth", clientSlug: "c2" }))).toBe("FORBIDDEN");
      expect(await codeOf(as("c1Owner").agency.saveTemplates({ orgSlug: "c1", clientSlug: "c2" }))).toBe("FORBIDDEN");
      const listed = await as("consultant").agency.templates({ orgSlug: "growth" });
      expect(listed.map((t) => t.kind)).toEqual(["stage_mapping", "dashboards", "plans"]);
    });
  });

  describe("revoke", () => {
    it("shows the client's owner which agency has access; the agency's consultant cannot revoke it", async () => {
      expect(await as("clientOwner").agency.access({ orgSlug: "leaving" })).toEqual({ agencyName: "Growth", canRevoke: true });
      expect(await as("consultant").agency.access({ orgSlug: "leaving" })).toEqual({ agencyName: "Growth", canRevoke: false });
      expect(await codeOf(as("consultant").agency.revoke({ orgSlug: "leaving" }))).toBe("FORBIDDEN");
      expect(await codeOf(as("agencyOwner").agency.revoke({ orgSlug: "leaving" }))).toBe("FORBIDDEN");
      expect(await codeOf(as("clientManager").agency.revoke({ orgSlug: "leaving" }))).toBe("FORBIDDEN");
      expect(await resolveOrgAccess(testDb.db, user.consultant!, "leaving")).not.toBeNull();
    });

    it("takes the client away from the agency's people and lists once the owner revokes", async () => {
      await as("clientOwner").agency.revoke({ orgSlug: "leaving" });
      expect(await codeOf(as("consultant").orgs.current({ orgSlug: "leaving" }))).toBe("NOT_FOUND");
      expect(await codeOf(as("agencyOwner").dashboard.view({ orgSlug: "leaving", filters: { period: { period: "this_month" }, compare: "previous" } }))).toBe("NOT_FOUND");
      expect((await as("consultant").clients.list({ orgSlug: "growth" })).map((c) => c.slug)).not.toContain("leaving");
      expect((await listAccessibleOrganizations(testDb.db, user.consultant!)).map((o) => o.slug)).not.toContain("leaving");
      expect((await agencyOverview(testDb.db, growth, { period: "this_month" }, now)).clients.map((c) => c.slug)).not.toContain("leaving");
      expect(await as("clientOwner").agency.access({ orgSlug: "leaving" })).toBeNull();
      expect(await codeOf(as("clientOwner").agency.revoke({ orgSlug: "leaving" }))).toBe("NOT_FOUND");
      const [row] = await testDb.db.select().from(organizations).where(and(eq(organizations.slug, "leaving")));
      expect(row!.agencyOrgId).toBeNull();
    });
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { eq, sql } from "drizzle-orm";
import { dataSources, memberships, organizations, reps, syncRuns, users, type Role } from "@/db/schema";
import { RESULTS_SLOT_MS } from "@/server/kpi/results-cache";
import { createSalesOrg } from "@/server/kpi/test-fixtures";
import { createCaller } from "@/server/trpc/root";
import { createTestDatabase } from "@/test/db";
import { requestWarmUpsForChangedOrgs } from "./warm-up-queue";
import { dashboardViewsOf, warmDashboards } from "./warm-up";

const filters = { period: { period: "this_month" as const }, compare: "previous" as const };

describe("dashboard warm-up", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let acme: Awaited<ReturnType<typeof createSalesOrg>>;
  const callers: Partial<Record<"head" | "olena" | "unlinked" | "consultant", ReturnType<typeof createCaller>>> = {};
  const ids = { olena: 0, petro: 0 };
  /** The middle of a results slot this month: a warm-up and the views after it fall in the same slot. */
  const now = new Date(Math.floor(Date.now() / RESULTS_SLOT_MS) * RESULTS_SLOT_MS + RESULTS_SLOT_MS / 2);
  const day = (d: number) => `${now.toISOString().slice(0, 8)}0${d}T10:00:00Z`;

  const addUser = async (email: string) => (await testDb.db.insert(users).values({ email }).returning({ id: users.id }))[0]!.id;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const { db } = testDb;
    acme = await createSalesOrg(db, { slug: "acme", timeZone: "UTC", currency: "USD" });
    const [agency] = await db.insert(organizations).values({ name: "Partners", slug: "partners", kind: "agency" }).returning({ id: organizations.id });
    await db.update(organizations).set({ agencyOrgId: agency!.id }).where(eq(organizations.id, acme.orgId));
    const north = await acme.addTeam("North");
    ids.olena = await acme.addRep("Olena", [[north, "2020-01-01"]]);
    ids.petro = await acme.addRep("Petro", [[north, "2020-01-01"]]);
    await db.update(reps).set({ email: "olena@acme.test" }).where(eq(reps.id, ids.olena));

    const people: [keyof typeof callers, string, Role][] = [
      ["head", "head@acme.test", "head_of_sales"],
      ["olena", "olena@acme.test", "manager"],
      ["unlinked", "nobody@acme.test", "manager"],
    ];
    for (const [key, email, role] of people) {
      const userId = await addUser(email);
      await db.insert(memberships).values({ orgId: acme.orgId, userId, role });
      callers[key] = createCaller({ db, userId, locale: "en" });
    }
    const consultant = await addUser("consultant@partners.test");
    await db.insert(memberships).values({ orgId: agency!.id, userId: consultant, role: "consultant" });
    callers.consultant = createCaller({ db, userId: consultant, locale: "en" });
  });
  afterAll(() => testDb.drop());
  afterEach(() => vi.useRealTimers());

  const won = (owner: number, amount: number) =>
    acme.addDeal({ createdAt: day(1), owner, amount, path: [["lead", day(1)], ["won", day(2)]], status: "won", wonAt: day(2) });
  /** What the results cache holds for the org: each stored response and when it was computed. */
  const stored = () =>
    testDb.db.execute<{ request_key: string; computed_at: string }>(
      sql`select request_key, computed_at::text from kpi_results_cache where org_id = ${acme.orgId} order by request_key`,
    );
  const view = (who: keyof typeof callers) => callers[who]!.dashboard.view({ orgSlug: "acme", filters });
  const revenueTile = (dashboard: Awaited<ReturnType<typeof view>>) =>
    dashboard.widgets.find((w) => w.widget.type === "tile" && w.widget.metrics[0] === "revenue_won")!.results[0]!.value;

  it("lists the dashboards the org's people open: each member's, a linked rep's own, the agency's consultants'", async () => {
    const views = await dashboardViewsOf(testDb.db, acme.orgId);
    expect(views).toEqual(
      expect.arrayContaining([
        { role: "head_of_sales", viewer: { scope: "team" } },
        { role: "manager", viewer: { scope: "rep", repId: ids.olena, repName: "Olena", teamId: expect.any(Number) } },
        { role: "manager", viewer: { scope: "team" } },
        { role: "consultant", viewer: { scope: "team" } },
      ]),
    );
    expect(views).toHaveLength(4);
    expect(views.at(-1)!.viewer.scope).toBe("rep");
  });

  it("after a change, people open dashboards that were computed ahead of them, with the change in", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now });
    await won(ids.olena, 100);
    await view("head");
    await won(ids.petro, 250);

    expect(await warmDashboards(testDb.db, acme.orgId)).toEqual({ views: 4, left: 0 });
    const warmed = await stored();
    await view("head");
    const olena = await view("olena");
    await view("unlinked");
    const consultant = await view("consultant");
    expect(await stored()).toEqual(warmed);
    expect(revenueTile(consultant)).toBe(350);
    expect(revenueTile(olena)).toBe(100);

    // Without a warm-up, the first view after a change computes (and stores) its numbers.
    await won(ids.petro, 50);
    expect(revenueTile(await view("consultant"))).toBe(400);
    expect(await stored()).not.toEqual(warmed);
  });

  it("computes the team's views whatever the time, reps' own views only while their budget lasts", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date(now.getTime() + RESULTS_SLOT_MS) });
    await won(ids.petro, 5);
    expect(await warmDashboards(testDb.db, acme.orgId, { repViewsBudgetMs: 0 })).toEqual({ views: 3, left: 1 });
    const warmed = await stored();
    await view("head");
    await view("consultant");
    expect(await stored()).toEqual(warmed);
    await view("olena");
    expect(await stored()).not.toEqual(warmed);
  });

  it("the minute tick asks for the orgs changed in the last few minutes, once each, and not during their sync", async () => {
    await won(ids.olena, 10);
    const requested: string[] = [];
    const warmUps = { request: async (orgId: string) => void requested.push(orgId) };
    await requestWarmUpsForChangedOrgs(testDb.db, warmUps);
    expect(requested).toEqual([acme.orgId]);

    // Not while a sync of the org is under way: the run's end asks for it.
    const [source] = await testDb.db
      .insert(dataSources)
      .values({ orgId: acme.orgId, kind: "pipedrive", name: "Pipedrive" })
      .returning({ id: dataSources.id });
    const [run] = await testDb.db.insert(syncRuns).values({ orgId: acme.orgId, sourceId: source!.id, status: "running" }).returning({ id: syncRuns.id });
    requested.length = 0;
    await requestWarmUpsForChangedOrgs(testDb.db, warmUps);
    expect(requested).toEqual([]);
    await testDb.db.update(syncRuns).set({ status: "succeeded" }).where(eq(syncRuns.id, run!.id));
    await requestWarmUpsForChangedOrgs(testDb.db, warmUps);
    expect(requested).toEqual([acme.orgId]);

    await testDb.db.execute(sql`update org_data_changes set changed_at = now() - interval '10 minutes'`);
    requested.length = 0;
    await requestWarmUpsForChangedOrgs(testDb.db, warmUps);
    expect(requested).toEqual([]);
  });
});

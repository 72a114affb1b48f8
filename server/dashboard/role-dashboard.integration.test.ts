import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberships, organizations, reps, users, type Role } from "@/db/schema";
import { createCustomMetric, deleteCustomMetric } from "@/server/custom-metrics/custom-metrics";
import { saveCustomMetricValues } from "@/server/custom-metrics/save-values";
import { createSalesOrg } from "@/server/kpi/test-fixtures";
import { createCaller } from "@/server/trpc/root";
import { createTestDatabase } from "@/test/db";
import { eq } from "drizzle-orm";
import { defaultWidgets } from "./defaults";

const thisMonth = () => new Date().toISOString().slice(0, 8);
const filters = { period: { period: "this_month" as const }, compare: "previous" as const };

describe("role dashboards through the dashboard router", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  const callers: Partial<Record<Role | "unlinked" | "demoViewer", ReturnType<typeof createCaller>>> = {};
  const ids: Record<string, number> = {};
  let acme: Awaited<ReturnType<typeof createSalesOrg>>;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const { db } = testDb;
    acme = await createSalesOrg(db, { slug: "acme", timeZone: "UTC", currency: "USD" });
    await db.insert(organizations).values({ name: "Demo", slug: "demo-x", isDemo: true });
    const north = await acme.addTeam("North");
    const olena = await acme.addRep("Olena", [[north, "2020-01-01"]]);
    const petro = await acme.addRep("Petro", [[north, "2020-01-01"]]);
    const ivan = await acme.addRep("Ivan");
    await db.update(reps).set({ email: "Olena@Acme.test" }).where(eq(reps.id, olena));
    Object.assign(ids, { north, olena, petro, ivan });
    const day = (d: number) => `${thisMonth()}0${d}T10:00:00Z`;
    const won = (owner: number, amount: number) =>
      acme.addDeal({ createdAt: day(1), owner, amount, path: [["lead", day(1)], ["won", day(2)]], status: "won", wonAt: day(2) });
    await won(olena, 100);
    await won(petro, 200);
    await won(petro, 300);
    await won(ivan, 400);

    const people: [keyof typeof callers, string, Role][] = [
      ["owner", "owner@acme.test", "owner"],
      ["admin", "admin@acme.test", "admin"],
      ["head_of_sales", "head@acme.test", "head_of_sales"],
      ["manager", "olena@acme.test", "manager"],
      ["unlinked", "nobody@acme.test", "manager"],
      ["executive", "exec@acme.test", "executive"],
      ["marketer", "marketer@acme.test", "marketer"],
    ];
    for (const [key, email, role] of people) {
      const [user] = await db.insert(users).values({ email }).returning({ id: users.id });
      await db.insert(memberships).values({ orgId: acme.orgId, userId: user!.id, role });
      callers[key] = createCaller({ db, userId: user!.id, locale: "en" });
    }
    const [viewer] = await db.insert(users).values({ email: "visitor@x.test" }).returning({ id: users.id });
    callers.demoViewer = createCaller({ db, userId: viewer!.id, locale: "en" });
  });
  afterAll(() => testDb.drop());

  const view = (who: keyof typeof callers) => callers[who]!.dashboard.view({ orgSlug: "acme", filters });
  const tile = (dashboard: Awaited<ReturnType<typeof view>>, metric: string) =>
    dashboard.widgets.find((w) => w.widget.type === "tile" && w.widget.metrics[0] === metric)!;

  it("gives each role its default widgets", async () => {
    for (const role of ["owner", "head_of_sales", "executive", "marketer"] as const) {
      const dashboard = await view(role);
      expect(dashboard.role).toBe(role);
      expect(dashboard.widgets.map((w) => w.widget)).toEqual(defaultWidgets(role));
    }
  });

  it("shows a head the team, with each tile split per rep", async () => {
    const dashboard = await view("owner");
    expect(dashboard.viewer).toEqual({ scope: "team" });
    const wonTile = tile(dashboard, "deals_won");
    expect(wonTile.results[0]!.value).toBe(4);
    expect(wonTile.team).toBeUndefined();
    expect(Object.fromEntries(wonTile.results[0]!.breakdown!.map((row) => [row.key, row.value]))).toEqual({
      [ids.olena!]: 1, [ids.petro!]: 2, [ids.ivan!]: 1,
    });
    expect(dashboard.widgets.find((w) => w.widget.type === "plan_fact")!.planFact!.map((r) => r.name).sort()).toEqual(["Ivan", "Olena", "Petro"]);
  });

  it("shows a manager linked to a rep (by e-mail) their own numbers and their team's beside them", async () => {
    const dashboard = await view("manager");
    expect(dashboard.viewer).toMatchObject({ scope: "rep", repId: ids.olena, repName: "Olena", teamId: ids.north });
    const revenue = tile(dashboard, "revenue_won");
    expect(revenue.results[0]!.value).toBe(100);
    expect(revenue.team![0]!.value).toBe(600);
    expect(tile(dashboard, "deals_won").team![0]!.value).toBe(3);
  });

  it("shows a manager linked to no rep the team", async () => {
    const dashboard = await view("unlinked");
    expect(dashboard.viewer).toEqual({ scope: "team" });
    expect(tile(dashboard, "revenue_won").results[0]!.value).toBe(1000);
  });

  it("marks widgets whose split the engine lacks; per-stage metrics come by stage; demos (no longer planned) compute", async () => {
    const widgets = [
      { id: "a", type: "tile" as const, metrics: ["demos_count"] },
      { id: "b", type: "bar" as const, metrics: ["deals_won"], breakdown: "stage" as const },
      { id: "c", type: "stage_durations" as const, metrics: ["stage_duration"], breakdown: "stage" as const },
      { id: "d", type: "funnel" as const, metrics: defaultWidgets("head_of_sales").find((w) => w.type === "funnel")!.metrics },
    ];
    await callers.admin!.dashboard.save({ orgSlug: "acme", role: "executive", widgets });
    const dashboard = await view("executive");
    expect(dashboard.widgets.map((w) => w.unavailable)).toEqual([undefined, "breakdown", undefined, undefined]);
    expect(dashboard.widgets[0]!.results[0]).toMatchObject({ id: "demos_count", status: "computed" });
    expect(dashboard.widgets[2]!.results[0]!.stages!.length).toBeGreaterThan(0);
    expect(dashboard.widgets[3]!.results.map((r) => r.inputs?.denominator)).toEqual([4, 4, 4, 4, 4]);
    await callers.admin!.dashboard.reset({ orgSlug: "acme", role: "executive" });
  });

  it("applies the URL's filters: a rep filter narrows a head's view", async () => {
    const dashboard = await callers.owner!.dashboard.view({ orgSlug: "acme", filters: { ...filters, rep: ids.petro } });
    expect(tile(dashboard, "revenue_won").results[0]!.value).toBe(500);
  });

  it("sets revenue beside the plan of what it shows: the org's, a chosen rep's (and only that rep's plan/fact row), none for a team (whose managers' rows the table keeps)", async () => {
    const month = `${thisMonth()}01`;
    await acme.addQuotas([
      { scope: "rep", repId: ids.olena, periodStart: month, target: 150 },
      { scope: "rep", repId: ids.petro, periodStart: month, target: 400 },
      { scope: "rep", repId: ids.ivan, periodStart: month, target: 450 },
    ]);
    const plan = async (extra: Partial<typeof filters & { rep: number; team: number }>) =>
      (await callers.owner!.dashboard.view({ orgSlug: "acme", filters: { ...filters, ...extra } })).revenuePlan.current;
    expect(await plan({})).toBe(1_000);
    expect(await plan({ rep: ids.petro })).toBe(400);
    const narrowed = await callers.owner!.dashboard.view({ orgSlug: "acme", filters: { ...filters, rep: ids.petro } });
    const planFact = narrowed.widgets.find((w) => w.widget.type === "plan_fact")!.planFact!;
    expect(planFact.map((row) => [row.repId, row.target, row.revenue])).toEqual([[ids.petro, 400, 500]]);
    expect(await plan({ team: ids.north })).toBeNull();
    const north = await callers.owner!.dashboard.view({ orgSlug: "acme", filters: { ...filters, team: ids.north } });
    const northRows = north.widgets.find((w) => w.widget.type === "plan_fact")!.planFact!;
    expect(northRows.map((row) => [row.name, row.target, row.revenue]).sort()).toEqual([["Olena", 150, 100], ["Petro", 400, 500]]);
    expect((await callers.manager!.dashboard.view({ orgSlug: "acme", filters })).revenuePlan.current).toBe(150);
  });

  it("lets an admin save a role's dashboard, which that role then opens, and reset it to the default", async () => {
    const widgets = [
      { id: "a", type: "tile" as const, metrics: ["deals_won"] },
      { id: "b", type: "bar" as const, metrics: ["revenue_won"], breakdown: "rep" as const, title: "Revenue per rep" },
    ];
    await callers.admin!.dashboard.save({ orgSlug: "acme", role: "marketer", widgets });
    const editor = await callers.admin!.dashboard.editor({ orgSlug: "acme", role: "marketer" });
    expect(editor.dashboard).toMatchObject({ isDefault: false, widgets });
    const saved = await view("marketer");
    expect(saved.widgets.map((w) => w.widget)).toEqual(widgets);
    expect(saved.widgets[1]!.results[0]!.breakdown!.find((row) => row.key === String(ids.petro))!.value).toBe(500);

    await callers.admin!.dashboard.reset({ orgSlug: "acme", role: "marketer" });
    expect((await view("marketer")).widgets.map((w) => w.widget)).toEqual(defaultWidgets("marketer"));
  });

  it("refuses an unknown metric with a message naming the field", async () => {
    const error = await callers.admin!.dashboard
      .save({ orgSlug: "acme", role: "executive", widgets: [{ id: "a", type: "tile", metrics: ["revenue_wonn"] }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
    expect(JSON.stringify((error as TRPCError).cause)).toContain("dashboard.editor.errors.unknownMetric");
  });

  it("puts a custom metric on a dashboard like a catalog metric, refuses one the org lacks, and drops it once deleted", async () => {
    const { db } = testDb;
    const [org] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, "acme"));
    const visits = await createCustomMetric(db, org!.id, { name: "Site visits", unit: "count", direction: "up", aggregation: "sum", granularity: "month" });
    const monthStart = `${thisMonth()}01`;
    await saveCustomMetricValues(db, org!.id, visits, 1, [
      { repId: ids.olena!, periodStart: monthStart, value: 4 },
      { repId: ids.petro!, periodStart: monthStart, value: 6 },
    ]);
    const editor = await callers.admin!.dashboard.editor({ orgSlug: "acme", role: "executive" });
    expect(editor.metrics.find((m) => m.id === "custom.site_visits")).toEqual({ id: "custom.site_visits", status: "computed", name: "Site visits" });

    const refused = await callers.admin!.dashboard
      .save({ orgSlug: "acme", role: "executive", widgets: [{ id: "x", type: "tile", metrics: ["custom.unknown"] }] })
      .catch((e: unknown) => e);
    expect(JSON.stringify((refused as TRPCError).cause)).toContain("dashboard.editor.errors.unknownMetric");

    await callers.admin!.dashboard.save({
      orgSlug: "acme",
      role: "executive",
      widgets: [
        { id: "v", type: "tile", metrics: ["custom.site_visits"] },
        { id: "w", type: "tile", metrics: ["deals_won"] },
      ],
    });
    const dashboard = await view("executive");
    expect(dashboard.customMetricNames).toEqual({ "custom.site_visits": "Site visits" });
    // 4 + 6 entered for this month; the head-style per-rep split carries each rep's own entry.
    expect(tile(dashboard, "custom.site_visits").results[0]).toMatchObject({ id: "custom.site_visits", value: 10 });

    await deleteCustomMetric(db, org!.id, visits.id);
    expect((await view("executive")).widgets.map((w) => w.widget.id)).toEqual(["w"]);
    await callers.admin!.dashboard.reset({ orgSlug: "acme", role: "executive" });
  });

  it("lets a head of sales edit their own role's dashboard only, and refuses managers and the demo", async () => {
    const widgets = [{ id: "a", type: "tile" as const, metrics: ["deals_won"] }];
    await expect(callers.head_of_sales!.dashboard.save({ orgSlug: "acme", role: "head_of_sales", widgets })).resolves.toMatchObject({ isDefault: false });
    expect((await callers.head_of_sales!.dashboard.editor({ orgSlug: "acme", role: "head_of_sales" })).editable).toEqual(["head_of_sales"]);
    await expect(callers.head_of_sales!.dashboard.save({ orgSlug: "acme", role: "executive", widgets })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(callers.manager!.dashboard.save({ orgSlug: "acme", role: "manager", widgets })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(callers.manager!.dashboard.editor({ orgSlug: "acme", role: "manager" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(callers.demoViewer!.dashboard.reset({ orgSlug: "demo-x", role: "viewer" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await view("head_of_sales")).canEdit).toBe(true);
    expect((await view("manager")).canEdit).toBe(false);
  });

  it("drills down into a linked rep's own deals, and a head's into the team's", async () => {
    const mine = await callers.manager!.dashboard.drilldown({ orgSlug: "acme", metric: "deals_won", filters });
    expect(mine).toMatchObject({ available: true, total: 1 });
    const team = await callers.owner!.dashboard.drilldown({ orgSlug: "acme", metric: "revenue_won", filters });
    expect(team).toMatchObject({ available: true, total: 4 });
    const petro = await callers.owner!.dashboard.drilldown({
      orgSlug: "acme", metric: "deals_won", filters, group: { breakdown: "rep", key: String(ids.petro) },
    });
    expect(petro.available && petro.records.map((r) => r.rep)).toEqual(["Petro", "Petro"]);
  });
});

import { getErrorShape, TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberships, organizations, orgHolidays, users } from "@/db/schema";
import { appRouter, createCaller } from "@/server/trpc/root";
import { createTestDatabase } from "@/test/db";

const valid: Parameters<ReturnType<typeof createCaller>["settings"]["update"]>[0] = {
  orgSlug: "acme",
  name: "Acme Kitchens",
  currency: "UAH",
  timeZone: "Europe/Kyiv",
  locale: "uk",
  weekStart: 7,
  workingDays: [7, 1, 2, 3, 4],
  holidays: [
    { day: "2026-01-01", name: "New Year" },
    { day: "2026-08-24", name: "День Незалежності" },
  ],
  fiscalYearStartMonth: 4,
  conversionWindowDays: 120,
  churnWindowDays: 180,
  staleDealDays: 14,
  ltvMethod: "subscription",
  meetingCounting: "activity",
};

/** The field errors a browser would get with this error (the router's error formatter). */
function fieldErrorsOf(error: TRPCError) {
  const shape = getErrorShape({ config: appRouter._def._config, error, type: "mutation", path: "settings.update", input: undefined, ctx: undefined });
  return (shape.data as { fieldErrors: Record<string, string> | null }).fieldErrors;
}

async function rejection(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

describe("settings", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let owner: ReturnType<typeof createCaller>;
  let viewer: ReturnType<typeof createCaller>;
  let outsider: ReturnType<typeof createCaller>;
  let acmeId: string;

  const acme = async () => (await testDb.db.select().from(organizations).where(eq(organizations.id, acmeId)))[0]!;
  const holidays = () => testDb.db.select().from(orgHolidays).where(eq(orgHolidays.orgId, acmeId));

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const { db } = testDb;
    const [org, rival] = await db
      .insert(organizations)
      .values([
        { name: "Acme", slug: "acme" },
        { name: "Rival", slug: "rival" },
      ])
      .returning();
    acmeId = org!.id;
    const [acmeOwner, acmeViewer, rivalOwner] = await db
      .insert(users)
      .values([{ email: "owner@acme.test" }, { email: "viewer@acme.test" }, { email: "owner@rival.test" }])
      .returning();
    await db.insert(memberships).values([
      { orgId: acmeId, userId: acmeOwner!.id, role: "owner" },
      { orgId: acmeId, userId: acmeViewer!.id, role: "viewer" },
      { orgId: rival!.id, userId: rivalOwner!.id, role: "owner" },
    ]);
    owner = createCaller({ db, userId: acmeOwner!.id, locale: "en" });
    viewer = createCaller({ db, userId: acmeViewer!.id, locale: "en" });
    outsider = createCaller({ db, userId: rivalOwner!.id, locale: "en" });
  });
  afterAll(() => testDb.drop());

  it("starts from the defaults", async () => {
    const { settings, canManage } = await owner.settings.get({ orgSlug: "acme" });
    expect(canManage).toBe(true);
    expect(settings).toMatchObject({ currency: "USD", timeZone: "UTC", weekStart: 1, workingDays: [1, 2, 3, 4, 5], holidays: [] });
    expect(settings).toMatchObject({ conversionWindowDays: 90, churnWindowDays: 365, staleDealDays: 7, ltvMethod: "history" });
  });

  it("saves every setting and the holidays", async () => {
    await owner.settings.update(valid);
    const { settings } = await owner.settings.get({ orgSlug: "acme" });
    const { orgSlug: _slug, ...expected } = valid;
    expect(settings).toEqual({ ...expected, workingDays: [1, 2, 3, 4, 7] });
  });

  it("replaces the holiday list on the next save", async () => {
    await owner.settings.update({ ...valid, holidays: [{ day: "2026-12-25", name: "Christmas" }] });
    expect((await holidays()).map((h) => h.day)).toEqual(["2026-12-25"]);
  });

  it("answers invalid input with field errors and writes nothing", async () => {
    const before = { org: await acme(), holidays: await holidays() };
    const error = await rejection(
      owner.settings.update({
        ...valid,
        name: "Changed",
        timeZone: "Mars/Olympus",
        conversionWindowDays: 731,
        workingDays: [],
        holidays: [
          { day: "2026-05-01", name: "May Day" },
          { day: "2026-05-01", name: "Again" },
        ],
      }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(fieldErrorsOf(error)).toEqual({
      timeZone: "settings.errors.timeZone",
      conversionWindowDays: "settings.errors.conversionWindowDays",
      workingDays: "settings.errors.workingDays",
      "holidays.1.day": "settings.errors.duplicateHoliday",
    });
    expect(await acme()).toEqual(before.org);
    expect(await holidays()).toEqual(before.holidays);
  });

  it("refuses a viewer (FORBIDDEN) and a member of another organization (NOT_FOUND), changing nothing", async () => {
    const before = await acme();
    expect((await rejection(viewer.settings.update(valid))).code).toBe("FORBIDDEN");
    expect((await rejection(outsider.settings.update({ ...valid, name: "Hijacked" }))).code).toBe("NOT_FOUND");
    expect(await acme()).toEqual(before);
  });

  it("refuses every change in the demo company, even from its owner", async () => {
    const { db } = testDb;
    const [demo] = await db.insert(organizations).values({ name: "Demo", slug: "demo-co", isDemo: true }).returning();
    const [demoOwner] = await db.insert(users).values({ email: "owner@demo.test" }).returning();
    await db.insert(memberships).values({ orgId: demo!.id, userId: demoOwner!.id, role: "owner" });
    const caller = createCaller({ db, userId: demoOwner!.id, locale: "en" });
    expect((await rejection(caller.settings.update({ ...valid, orgSlug: "demo-co" }))).code).toBe("FORBIDDEN");
    expect((await caller.settings.get({ orgSlug: "demo-co" })).canManage).toBe(false);
    expect((await rejection(caller.pipeline.saveMarks({ orgSlug: "demo-co", channels: [], lossReasons: [] }))).code).toBe("FORBIDDEN");
  });

  it("lets a viewer read the settings without the right to change them", async () => {
    const { settings, canManage } = await viewer.settings.get({ orgSlug: "acme" });
    expect(canManage).toBe(false);
    expect(settings.currency).toBe("UAH");
  });
});

import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activities, dataSources, deals, dealStageEvents, organizations, stages } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { previewImport } from "./preview-import";
import { runImport } from "./run-import";

const file = (lines: string[]) => new TextEncoder().encode("\uFEFF" + lines.join("\r\n"));

const dealsFile = file([
  "ID сделки;Название;Воронка;Этап;stage_step;Ответственный;Сумма;Валюта;Дата создания",
  "D1;Окна;Продажи;Договор подписан;won;Ольга;1 234,50;EUR;02.03.2026 09:00",
  "D2;Двери;Продажи;Отказ;lost;Ольга;500;EUR;03.03.2026",
  "D3;Балкон;Продажи;Замер назначен;meeting_scheduled;Иван;2 000;EUR;04.03.2026 10:30",
]);
const stagesFile = file([
  "external_id;deal_external_id;from_stage;to_stage;at",
  "E1;D1;Замер назначен;Договор подписан;10.03.2026 12:00",
  "E2;D2;Замер назначен;Отказ;08.03.2026 09:00",
]);

describe("runImport", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let orgId: string;
  const importFile = async (kind: "deals" | "stage-events" | "activities", bytes: Uint8Array, skipInvalid = false) =>
    runImport(testDb.db, orgId, { kind, file: bytes, mapping: (await previewImport(kind, bytes)).mapping, skipInvalid });
  const dealRows = () =>
    testDb.db
      .select({ externalId: deals.externalId, amount: deals.amount, createdAt: deals.createdAt, stage: stages.name, status: deals.status })
      .from(deals)
      .innerJoin(stages, and(eq(stages.orgId, deals.orgId), eq(stages.id, deals.stageId)))
      .where(eq(deals.orgId, orgId))
      .orderBy(asc(deals.externalId));

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const [org] = await testDb.db.insert(organizations).values({ name: "File Co", slug: "file-co", timeZone: "Europe/Kyiv" }).returning();
    orgId = org!.id;
  });
  afterAll(() => testDb.drop());

  it("writes nothing when a row is invalid and reports its spreadsheet row number and field", async () => {
    const broken = file([
      "ID сделки;Воронка;Этап;Сумма;Дата создания",
      "D1;Продажи;Новая;100;02.03.2026",
      "D2;Продажи;Новая;сто;02.03.2026",
      "D3;Продажи;;100;02.03.2026",
    ]);
    const result = await importFile("deals", broken);
    expect(result).toMatchObject({ rows: 3, created: 0, written: false });
    expect(result.failed).toEqual([
      { row: 3, errors: [{ path: "amount", message: "imports.cell.number" }] },
      { row: 4, errors: [expect.objectContaining({ path: "stage" })] },
    ]);
    expect(await dealRows()).toEqual([]);

    expect(await importFile("deals", broken, true)).toMatchObject({ created: 1, written: true, failed: [{ row: 3 }, { row: 4 }] });
    expect((await dealRows()).map((d) => d.externalId)).toEqual(["D1"]);
    await testDb.db.delete(deals).where(eq(deals.orgId, orgId));
  });

  it("lands deals and stage changes in the canonical tables under one csv source, with outcomes from the history", async () => {
    expect(await importFile("deals", dealsFile)).toMatchObject({ rows: 3, created: 3, updated: 0, failed: [], written: true });
    expect(await importFile("stage-events", stagesFile)).toMatchObject({ rows: 2, created: 2, failed: [], written: true });
    const rows = await dealRows();
    expect(rows.map(({ externalId, amount, stage, status }) => ({ externalId, amount, stage, status }))).toEqual([
      { externalId: "D1", amount: 1234.5, stage: "Договор подписан", status: "won" },
      { externalId: "D2", amount: 500, stage: "Отказ", status: "lost" },
      { externalId: "D3", amount: 2000, stage: "Замер назначен", status: "open" },
    ]);
    const outcomes = await testDb.db.select({ externalId: deals.externalId, wonAt: deals.wonAt, lostAt: deals.lostAt }).from(deals).where(eq(deals.orgId, orgId)).orderBy(asc(deals.externalId));
    expect(outcomes.slice(0, 2)).toEqual([
      { externalId: "D1", wonAt: new Date("2026-03-10T10:00:00Z"), lostAt: null },
      { externalId: "D2", wonAt: null, lostAt: new Date("2026-03-08T07:00:00Z") },
    ]);
    expect(rows[0]!.createdAt).toEqual(new Date("2026-03-02T07:00:00Z"));
    const sources = await testDb.db.select({ kind: dataSources.kind }).from(dataSources).where(eq(dataSources.orgId, orgId));
    expect(sources).toEqual([{ kind: "csv" }]);
    expect(await testDb.db.select().from(dealStageEvents).where(eq(dealStageEvents.orgId, orgId))).toHaveLength(2);
  });

  it("changes nothing when the same files are imported again", async () => {
    const before = await dealRows();
    expect(await importFile("deals", dealsFile)).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(await importFile("stage-events", stagesFile)).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(await dealRows()).toEqual(before);
  });

  it("takes demos beside calls and meetings in an activities file, and refuses an unknown type", async () => {
    const activitiesFile = file([
      "external_id;type;deal_external_id;rep;created_at;completed_at;meeting_held",
      "A1;demo;D3;Иван;04.03.2026 11:00;05.03.2026 15:00;да",
      "A2;call;D3;Иван;04.03.2026 11:30;04.03.2026 11:35;",
    ]);
    expect(await importFile("activities", activitiesFile)).toMatchObject({ rows: 2, created: 2, failed: [], written: true });
    const stored = await testDb.db.select({ externalId: activities.externalId, type: activities.type, meetingHeld: activities.meetingHeld })
      .from(activities).where(eq(activities.orgId, orgId)).orderBy(asc(activities.externalId));
    expect(stored).toEqual([{ externalId: "A1", type: "demo", meetingHeld: true }, { externalId: "A2", type: "call", meetingHeld: null }]);
    const unknown = file(["external_id;type;created_at", "A3;webinar;04.03.2026"]);
    expect(await importFile("activities", unknown)).toMatchObject({ created: 0, written: false, failed: [{ row: 2, errors: [expect.objectContaining({ path: "type" })] }] });
  });

  it("reports a stage change of an unknown deal and writes nothing", async () => {
    const orphan = file(["external_id;deal_external_id;to_stage;at", "E9;NOPE;Отказ;08.03.2026"]);
    expect(await importFile("stage-events", orphan)).toMatchObject({ created: 0, written: false, failed: [{ row: 2 }] });
  });
});

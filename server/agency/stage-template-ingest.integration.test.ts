import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agencyTemplates, deals, organizations, stages } from "@/db/schema";
import { ingestBatch } from "@/server/ingest/ingest-batch";
import { createTestDatabase } from "@/test/db";

describe("stages arriving later in a client set up from an agency template", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let orgId: string;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const [org] = await testDb.db.insert(organizations).values({ name: "Client", slug: "templated-client" }).returning();
    orgId = org!.id;
    await testDb.db.insert(agencyTemplates).values({
      orgId,
      kind: "stage_mapping",
      payload: { steps: [{ name: "Замер назначен", step: "meeting_scheduled" }, { name: "Договор подписан", step: "won" }] },
    });
  });
  afterAll(() => testDb.drop());

  it("maps a pushed stage named like the template's (case and spacing aside), leaves others and explicit steps alone, and derives the outcome", async () => {
    const deal = (externalId: string, stage: { externalId: string; name: string; step?: "qualified" }) => ({
      externalId,
      pipeline: { externalId: "P", name: "Sales" },
      stage,
      createdAt: "2026-03-02T10:00:00+03:00",
      amount: 100,
    });
    const result = await ingestBatch(testDb.db, orgId, "deals", [
      deal("D1", { externalId: "S1", name: "  договор ПОДПИСАН " }),
      deal("D2", { externalId: "S2", name: "Замер назначен", step: "qualified" }),
      deal("D3", { externalId: "S3", name: "Переговоры" }),
    ]);
    expect(result.failed).toEqual([]);
    const mapped = await testDb.db.select({ id: stages.externalId, step: stages.funnelStep }).from(stages).where(eq(stages.orgId, orgId)).orderBy(asc(stages.externalId));
    expect(mapped).toEqual([
      { id: "S1", step: "won" },
      { id: "S2", step: "qualified" },
      { id: "S3", step: null },
    ]);
    const [won] = await testDb.db.select({ status: deals.status }).from(deals).where(and(eq(deals.orgId, orgId), eq(deals.externalId, "D1")));
    expect(won!.status).toBe("won");
  });
});

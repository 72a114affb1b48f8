import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { dataSources, organizations } from "@/db/schema";
import { FAKE_API_TOKEN, startFakePipedrive } from "@/server/sources/connectors/pipedrive/fake-pipedrive";
import { setSchedule } from "@/server/sources/manage-sources";
import { useTestEncryptionKey } from "@/server/sources/testing/source-fixtures";
import { createTestDatabase } from "@/test/db";
import { connectSource } from "./connect-source";

/** With billing on, a trial org may connect 2 CRMs and sync at most hourly (server/billing/plans.ts). */
describe("plan limits on CRM connections", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let fake: Awaited<ReturnType<typeof startFakePipedrive>>;
  let orgId: string;

  beforeAll(async () => {
    vi.stubEnv("SOURCES_ALLOW_ANY_HOST", "1");
    vi.stubEnv("STRIPE_SECRET_KEY", "sk_test_limits");
    useTestEncryptionKey();
    testDb = await createTestDatabase();
    fake = await startFakePipedrive();
    const [org] = await testDb.db.insert(organizations).values({ name: "Trial Windows", slug: "trial-windows" }).returning();
    orgId = org!.id;
    await testDb.db.insert(dataSources).values([
      { orgId, kind: "hubspot", name: "HubSpot", accountId: "1" },
      { orgId, kind: "salesforce", name: "Salesforce", accountId: "2" },
      { orgId, kind: "csv", name: "File import" },
    ]);
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await fake.close();
    await testDb.drop();
  });

  const connected = () => testDb.db.$count(dataSources, and(eq(dataSources.orgId, orgId), isNull(dataSources.disconnectedAt)));

  it("refuses a third CRM on the trial with the limit and an upgrade link, storing nothing; file import does not count", async () => {
    await expect(connectSource(testDb.db, orgId, "pipedrive", { apiToken: FAKE_API_TOKEN, companyDomain: fake.url })).rejects.toMatchObject({
      kind: "limit_reached",
      messageKey: "billing.limitReached.sources",
      params: { limit: 2, used: 2, billingUrl: "/o/trial-windows/settings/billing" },
    });
    expect(await connected()).toBe(3);
  });

  it("connects once a CRM is removed, and refuses a schedule more frequent than the plan's", async () => {
    await testDb.db.update(dataSources).set({ disconnectedAt: new Date() }).where(and(eq(dataSources.orgId, orgId), eq(dataSources.kind, "hubspot")));
    const { sourceId } = await connectSource(testDb.db, orgId, "pipedrive", { apiToken: FAKE_API_TOKEN, companyDomain: fake.url });
    await expect(setSchedule(testDb.db, orgId, sourceId, 15)).rejects.toMatchObject({ messageKey: "billing.limitReached.syncInterval" });
    expect(await setSchedule(testDb.db, orgId, sourceId, 1440)).toMatchObject({ syncIntervalMinutes: 1440 });
  });
});

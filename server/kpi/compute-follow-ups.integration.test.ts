import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/test/db";
import { computeMetrics, type MetricsResponse } from "./compute";
import type { MetricResult } from "./results";
import { createSalesOrg } from "./test-fixtures";

const metric = (response: MetricsResponse, id: string): MetricResult => response.metrics.find((m) => m.id === id)!;

/**
 * A UTC org (stale after 7 days) asked on 20 May 2025 at 12:00 about May; April is empty.
 * F1 (2 May): outbound call 3 May, meeting scheduled 4 May. F2 (3 May): outbound e-mail 5 May.
 * F3 (4 May): only an inbound call (4 May) and a task logged 15 May by nobody outbound; meeting scheduled 6 May.
 * F4 (5 May) and F5 (18 May): nothing.
 */
describe("computeMetrics: follow-ups and stale deals", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let response: MetricsResponse;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const org = await createSalesOrg(testDb.db, { slug: "followups", timeZone: "UTC", currency: "EUR" });
    const rep = await org.addRep("Ann");
    const lead = (createdAt: string, path: [string, string][] = []) =>
      org.addDeal({ createdAt, owner: rep, path: [["lead", createdAt], ...path] as never });
    const f1 = await lead("2025-05-02T09:00:00Z", [["meeting_scheduled", "2025-05-04T09:00:00Z"]]);
    const f2 = await lead("2025-05-03T09:00:00Z");
    const f3 = await lead("2025-05-04T09:00:00Z", [["meeting_scheduled", "2025-05-06T09:00:00Z"]]);
    await lead("2025-05-05T09:00:00Z");
    await lead("2025-05-18T09:00:00Z");
    const act = (dealId: number, type: "call" | "email" | "task", direction: "inbound" | "outbound" | null, at: string) =>
      org.addActivity({ type, direction, repId: rep, dealId, createdAt: at, completedAt: at });
    await act(f1, "call", "outbound", "2025-05-03T09:00:00Z");
    await act(f2, "email", "outbound", "2025-05-05T09:00:00Z");
    await act(f3, "call", "inbound", "2025-05-04T09:00:00Z");
    await act(f3, "task", null, "2025-05-15T09:00:00Z");
    response = await computeMetrics(
      testDb.db,
      org.orgId,
      { metrics: ["leads_followed_up", "meeting_acceptance", "stale_deals"], period: { period: "this_month" }, comparison: "previous_period" },
      new Date("2025-05-20T12:00:00Z"),
    );
  });
  afterAll(() => testDb.drop());

  it("shares the leads with an outbound activity, and of those the ones that got a meeting", () => {
    // F1 and F2 of five leads; an inbound call is no follow-up. April had no leads: no value.
    expect(metric(response, "leads_followed_up")).toMatchObject({ value: 0.4, inputs: { numerator: 2, denominator: 5 }, comparison: { value: null } });
    // F1 of F1 and F2; F3's meeting came without a follow-up.
    expect(metric(response, "meeting_acceptance")).toMatchObject({ value: 0.5, inputs: { numerator: 1, denominator: 2 } });
  });

  it("counts open deals without contact for 7 days at the snapshot", () => {
    // Since 13 May 12:00: F1 (3 May), F2 (5 May), F4 (created 5 May, no activity). F3 had a task on 15 May; F5 is new.
    expect(metric(response, "stale_deals").value).toBe(3);
  });
});

import { describe, expect, it } from "vitest";
import { simulateDealHistory, stageStep } from "./deal-history";
import { Random } from "./random";
import { DAY } from "./time";

const now = Date.UTC(2026, 2, 15, 10);
const simulate = (random: Random, createdAt: number) =>
  simulateDealHistory(random, { pipeline: "new-business", createdAt, now, skill: 1, leadQuality: 1 });

describe("simulateDealHistory", () => {
  const random = new Random(5);
  const histories = Array.from({ length: 4000 }, (_, i) => simulate(random, now - ((i % 365) + 1) * DAY));

  it("moves forward in time from creation, never past now, each move starting where the last ended", () => {
    const broken = histories.filter(({ events }) =>
      events.some((e, k) => e.at > now || (k === 0 ? e.from !== null : e.at <= events[k - 1]!.at || e.from !== events[k - 1]!.to)),
    );
    expect(broken).toEqual([]);
  });

  it("counts a deal won and later lost as lost, with no won moment", () => {
    const wonThenLost = histories.filter((h) => h.events.some((e) => (e.from !== null && stageStep(e.from)) === "won" && stageStep(e.to) === "lost"));
    expect(wonThenLost.length).toBeGreaterThan(0);
    for (const h of wonThenLost) expect(h).toMatchObject({ status: "lost", wonAt: null, lostAt: h.events[h.events.length - 1]!.at });
  });

  it("counts a lost deal that was reopened as open until it closes again", () => {
    const reopened = histories.filter((h) => h.events.some((e) => (e.from !== null && stageStep(e.from)) === "lost"));
    expect(reopened.length).toBeGreaterThan(0);
    for (const h of reopened) {
      const last = stageStep(h.events[h.events.length - 1]!.to);
      expect(h.status).toBe(last === "lost" ? "lost" : last === "won" || last === "fulfilled" ? "won" : "open");
    }
  });

  it("leaves a deal created a minute ago open in its first stage", () => {
    const fresh = simulate(new Random(1), now - 60_000);
    expect(fresh).toMatchObject({ status: "open", wonAt: null, lostAt: null, events: [{ from: null, to: "nb-inquiry", at: now - 60_000 }] });
  });
});

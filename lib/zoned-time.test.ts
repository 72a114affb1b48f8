import { describe, expect, it } from "vitest";
import { localDateAt, zonedTimeToInstant } from "./zoned-time";

const iso = (date: Date) => date.toISOString();

describe("zonedTimeToInstant", () => {
  it("converts local midnight in a fixed UTC+3 zone", () => {
    expect(iso(zonedTimeToInstant({ date: "2025-03-01" }, "Europe/Moscow"))).toBe("2025-02-28T21:00:00.000Z");
    expect(iso(zonedTimeToInstant({ date: "2025-01-01" }, "UTC"))).toBe("2025-01-01T00:00:00.000Z");
  });

  it("uses the offset in force on each side of Kyiv's spring switch (last Sunday of March, 03:00 → 04:00)", () => {
    expect(iso(zonedTimeToInstant({ date: "2025-03-30" }, "Europe/Kyiv"))).toBe("2025-03-29T22:00:00.000Z");
    expect(iso(zonedTimeToInstant({ date: "2025-03-31" }, "Europe/Kyiv"))).toBe("2025-03-30T21:00:00.000Z");
    expect(iso(zonedTimeToInstant({ date: "2025-03-30", hour: 2, minute: 59 }, "Europe/Kyiv"))).toBe("2025-03-30T00:59:00.000Z");
    expect(iso(zonedTimeToInstant({ date: "2025-03-30", hour: 4 }, "Europe/Kyiv"))).toBe("2025-03-30T01:00:00.000Z");
  });

  it("moves a wall time skipped by the spring switch forward by the gap", () => {
    // 03:30 does not exist on that day; 03:30 at the old offset (+2) is 01:30 UTC, which the clock shows as 04:30.
    expect(iso(zonedTimeToInstant({ date: "2025-03-30", hour: 3, minute: 30 }, "Europe/Kyiv"))).toBe("2025-03-30T01:30:00.000Z");
  });

  it("takes the earlier of a wall time repeated by the autumn switch (last Sunday of October, 04:00 → 03:00)", () => {
    expect(iso(zonedTimeToInstant({ date: "2025-10-26", hour: 3, minute: 30 }, "Europe/Kyiv"))).toBe("2025-10-26T00:30:00.000Z");
    expect(iso(zonedTimeToInstant({ date: "2025-10-26" }, "Europe/Kyiv"))).toBe("2025-10-25T21:00:00.000Z");
    expect(iso(zonedTimeToInstant({ date: "2025-10-27" }, "Europe/Kyiv"))).toBe("2025-10-26T22:00:00.000Z");
  });
});

describe("localDateAt", () => {
  it("gives the date the wall clock shows in the zone", () => {
    expect(localDateAt(new Date("2025-02-28T21:00:00Z"), "Europe/Moscow")).toBe("2025-03-01");
    expect(localDateAt(new Date("2025-02-28T20:59:59Z"), "Europe/Moscow")).toBe("2025-02-28");
    expect(localDateAt(new Date("2025-10-26T21:59:00Z"), "Europe/Kyiv")).toBe("2025-10-26");
    expect(localDateAt(new Date("2025-10-26T22:00:00Z"), "Europe/Kyiv")).toBe("2025-10-27");
  });
});

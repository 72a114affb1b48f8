import { describe, expect, it } from "vitest";
import { resolvePeriod } from "@/lib/periods";
import { comparisonRange, yearEarlier } from "./periods";

describe("yearEarlier", () => {
  it("keeps the calendar day, and turns 29 February into 28 February", () => {
    expect(yearEarlier("2025-03-01")).toBe("2024-03-01");
    expect(yearEarlier("2024-02-29")).toBe("2023-02-28");
    expect(yearEarlier("2025-02-28")).toBe("2024-02-28");
  });
});

describe("comparisonRange", () => {
  const march = resolvePeriod({ period: "this_month" }, "Europe/Kyiv", new Date("2025-03-20T12:00:00Z"));

  it("is the previous month for previous_period", () => {
    expect(comparisonRange(march, "previous_period")).toMatchObject({ from: "2025-02-01", to: "2025-03-01" });
  });

  it("is the same month a year earlier, with that date's offset (Kyiv: UTC+2 in March 2024)", () => {
    const range = comparisonRange(march, "year_ago");
    expect(range).toMatchObject({ from: "2024-03-01", to: "2024-04-01" });
    expect(range.start.toISOString()).toBe("2024-02-29T22:00:00.000Z");
    // 1 April 2024 is after the last Sunday of March: summer time, UTC+3.
    expect(range.end.toISOString()).toBe("2024-03-31T21:00:00.000Z");
  });
});

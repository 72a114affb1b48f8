import { describe, expect, it } from "vitest";
import { resolvePeriod } from "@/lib/periods";
import { comparisonRange, timeBuckets, yearEarlier } from "./periods";

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

describe("timeBuckets", () => {
  it("lists every bucket overlapping the range, starting weeks on the org's week start", () => {
    expect(timeBuckets("2025-01-01", "2025-04-01", "month", 1)).toEqual(["2025-01-01", "2025-02-01", "2025-03-01"]);
    expect(timeBuckets("2025-02-15", "2025-08-01", "quarter", 1)).toEqual(["2025-01-01", "2025-04-01", "2025-07-01"]);
    // 1 March 2025 is a Saturday: Monday weeks begin on 24 February, Sunday weeks on 23 February.
    expect(timeBuckets("2025-03-01", "2025-03-10", "week", 1)).toEqual(["2025-02-24", "2025-03-03"]);
    expect(timeBuckets("2025-03-01", "2025-03-10", "week", 7)).toEqual(["2025-02-23", "2025-03-02", "2025-03-09"]);
    expect(timeBuckets("2025-03-30", "2025-04-01", "day", 1)).toEqual(["2025-03-30", "2025-03-31"]);
  });
});

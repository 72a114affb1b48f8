import { describe, expect, it } from "vitest";
import { workingDaysBetween } from "./working-days";

describe("working days", () => {
  const weekdays = { workingDays: [1, 2, 3, 4, 5], holidays: new Set<string>() };

  it("counts Monday to Friday in [from, to)", () => {
    // March 2025 starts on a Saturday: 21 weekdays (3–7, 10–14, 17–21, 24–28, 31).
    expect(workingDaysBetween(weekdays, "2025-03-01", "2025-04-01")).toBe(21);
    expect(workingDaysBetween(weekdays, "2025-03-01", "2025-03-03")).toBe(0);
  });

  it("leaves out holidays and follows the org's working week", () => {
    // 8 March 2025 is a Saturday; in a six-day week it is a working day unless a holiday.
    const sixDays = { workingDays: [1, 2, 3, 4, 5, 6], holidays: new Set(["2025-03-08", "2025-03-10"]) };
    // 26 Monday–Saturday days in March 2025, less 8 and 10 March.
    expect(workingDaysBetween(sixDays, "2025-03-01", "2025-04-01")).toBe(24);
  });
});

import { describe, expect, it } from "vitest";
import { parsePeriodSearchParams, resolvePeriod, type ZonedRange } from "./periods";

/** A range as "from..to start..end" so a failing test shows every bound at once. */
const show = (range: ZonedRange) => `${range.from}..${range.to} ${range.start.toISOString()}..${range.end.toISOString()}`;

describe("resolvePeriod", () => {
  it("gives this month and the previous month in Moscow (UTC+3), just after local midnight of the 1st", () => {
    // 21:30 UTC on 28 February is 00:30 on 1 March in Moscow: already March there.
    const period = resolvePeriod({ period: "this_month" }, "Europe/Moscow", new Date("2025-02-28T21:30:00Z"));
    expect(show(period.current)).toBe("2025-03-01..2025-04-01 2025-02-28T21:00:00.000Z..2025-03-31T21:00:00.000Z");
    expect(show(period.previous)).toBe("2025-02-01..2025-03-01 2025-01-31T21:00:00.000Z..2025-02-28T21:00:00.000Z");
  });

  it("gives last month across Kyiv's March switch to summer time (UTC+2 → UTC+3)", () => {
    const period = resolvePeriod({ period: "last_month" }, "Europe/Kyiv", new Date("2025-04-15T12:00:00Z"));
    expect(show(period.current)).toBe("2025-03-01..2025-04-01 2025-02-28T22:00:00.000Z..2025-03-31T21:00:00.000Z");
    expect(show(period.previous)).toBe("2025-02-01..2025-03-01 2025-01-31T22:00:00.000Z..2025-02-28T22:00:00.000Z");
  });

  it("gives this month across Kyiv's October switch back to winter time (UTC+3 → UTC+2)", () => {
    const period = resolvePeriod({ period: "this_month" }, "Europe/Kyiv", new Date("2025-10-26T12:00:00Z"));
    expect(show(period.current)).toBe("2025-10-01..2025-11-01 2025-09-30T21:00:00.000Z..2025-10-31T22:00:00.000Z");
    expect(show(period.previous)).toBe("2025-09-01..2025-10-01 2025-08-31T21:00:00.000Z..2025-09-30T21:00:00.000Z");
  });

  it("gives this quarter and the previous quarter", () => {
    const kyiv = resolvePeriod({ period: "this_quarter" }, "Europe/Kyiv", new Date("2025-11-10T09:00:00Z"));
    expect(show(kyiv.current)).toBe("2025-10-01..2026-01-01 2025-09-30T21:00:00.000Z..2025-12-31T22:00:00.000Z");
    expect(show(kyiv.previous)).toBe("2025-07-01..2025-10-01 2025-06-30T21:00:00.000Z..2025-09-30T21:00:00.000Z");

    const moscow = resolvePeriod({ period: "this_quarter" }, "Europe/Moscow", new Date("2025-01-15T09:00:00Z"));
    expect(show(moscow.current)).toBe("2025-01-01..2025-04-01 2024-12-31T21:00:00.000Z..2025-03-31T21:00:00.000Z");
    expect(show(moscow.previous)).toBe("2024-10-01..2025-01-01 2024-09-30T21:00:00.000Z..2024-12-31T21:00:00.000Z");
  });

  it("wraps last month and its comparison into the previous year in January", () => {
    const period = resolvePeriod({ period: "last_month" }, "Europe/Moscow", new Date("2025-01-10T09:00:00Z"));
    expect(`${period.current.from}..${period.current.to}`).toBe("2024-12-01..2025-01-01");
    expect(`${period.previous.from}..${period.previous.to}`).toBe("2024-11-01..2024-12-01");
  });

  it("compares a custom range (to inclusive) with the same number of days just before it", () => {
    // 30 March – 5 April is 7 days; the 7 days before are 23–29 March. The switch to UTC+3 happens on day one.
    const period = resolvePeriod({ period: "custom", from: "2025-03-30", to: "2025-04-05" }, "Europe/Kyiv", new Date("2025-06-01T00:00:00Z"));
    expect(show(period.current)).toBe("2025-03-30..2025-04-06 2025-03-29T22:00:00.000Z..2025-04-05T21:00:00.000Z");
    expect(show(period.previous)).toBe("2025-03-23..2025-03-30 2025-03-22T22:00:00.000Z..2025-03-29T22:00:00.000Z");
  });

  it("handles a custom range across a month end and a single-day range", () => {
    const acrossMonths = resolvePeriod({ period: "custom", from: "2025-02-27", to: "2025-03-02" }, "UTC", new Date("2025-06-01T00:00:00Z"));
    expect(`${acrossMonths.current.from}..${acrossMonths.current.to}`).toBe("2025-02-27..2025-03-03");
    expect(`${acrossMonths.previous.from}..${acrossMonths.previous.to}`).toBe("2025-02-23..2025-02-27");

    const oneDay = resolvePeriod({ period: "custom", from: "2025-03-01", to: "2025-03-01" }, "Europe/Moscow", new Date("2025-06-01T00:00:00Z"));
    expect(show(oneDay.current)).toBe("2025-03-01..2025-03-02 2025-02-28T21:00:00.000Z..2025-03-01T21:00:00.000Z");
    expect(show(oneDay.previous)).toBe("2025-02-28..2025-03-01 2025-02-27T21:00:00.000Z..2025-02-28T21:00:00.000Z");
  });
});

describe("parsePeriodSearchParams", () => {
  it("reads a preset and a custom range", () => {
    expect(parsePeriodSearchParams({ period: "last_month" })).toEqual({ period: "last_month" });
    expect(parsePeriodSearchParams({ period: "this_quarter", from: "2025-01-01", to: "2025-01-31" })).toEqual({ period: "this_quarter" });
    expect(parsePeriodSearchParams({ period: "custom", from: "2025-01-01", to: "2025-01-31" })).toEqual({
      period: "custom",
      from: "2025-01-01",
      to: "2025-01-31",
    });
    expect(parsePeriodSearchParams({ period: ["custom", "x"], from: ["2025-01-01"], to: "2025-01-01" })).toEqual({
      period: "custom",
      from: "2025-01-01",
      to: "2025-01-01",
    });
  });

  it("falls back to this month on anything invalid", () => {
    const fallback = { period: "this_month" };
    expect(parsePeriodSearchParams({})).toEqual(fallback);
    expect(parsePeriodSearchParams({ period: "this_year" })).toEqual(fallback);
    expect(parsePeriodSearchParams({ period: "custom", from: "2025-01-01" })).toEqual(fallback);
    expect(parsePeriodSearchParams({ period: "custom", from: "2025-02-01", to: "2025-01-31" })).toEqual(fallback);
    expect(parsePeriodSearchParams({ period: "custom", from: "2025-02-01", to: "2025-02-30" })).toEqual(fallback);
    expect(parsePeriodSearchParams({ period: "custom", from: "0001-01-01", to: "2025-01-01" })).toEqual(fallback);
    expect(parsePeriodSearchParams({ period: "custom", from: "1.1.2025", to: "2025-01-31" })).toEqual(fallback);
  });
});

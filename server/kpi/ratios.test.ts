import { describe, expect, it } from "vitest";
import { changeBetween, ratioOrNull } from "./ratios";

describe("ratioOrNull", () => {
  it("divides, and has no value for a zero or missing denominator", () => {
    expect(ratioOrNull(3, 4)).toBe(0.75);
    expect(ratioOrNull(0, 4)).toBe(0);
    expect(ratioOrNull(3, 0)).toBeNull();
    expect(ratioOrNull(3, null)).toBeNull();
    expect(ratioOrNull(null, 4)).toBeNull();
  });
});

describe("changeBetween", () => {
  it("gives the absolute and relative change", () => {
    expect(changeBetween(15, 10)).toEqual({ absolute: 5, percent: 0.5 });
    expect(changeBetween(5, 10)).toEqual({ absolute: -5, percent: -0.5 });
    expect(changeBetween(0, 10)).toEqual({ absolute: -10, percent: -1 });
  });

  it("has no percent when the previous value is 0, and nothing when a value is absent", () => {
    expect(changeBetween(7, 0)).toEqual({ absolute: 7, percent: null });
    expect(changeBetween(0, 0)).toEqual({ absolute: 0, percent: null });
    expect(changeBetween(0.8, null)).toEqual({ absolute: null, percent: null });
    expect(changeBetween(null, 0.5)).toEqual({ absolute: null, percent: null });
  });
});

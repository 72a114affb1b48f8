import { describe, expect, it } from "vitest";
import { quartiles } from "./quartiles";

describe("quartiles", () => {
  it("interpolates between ranks like QUARTILE.INC", () => {
    // sorted 1 2 4 10: positions 0.75, 1.5, 2.25 → 1.75, 3, 5.5
    expect(quartiles([10, 1, 4, 2])).toEqual({ n: 4, q1: 1.75, median: 3, q3: 5.5 });
  });

  it("gives the single value for one client and nothing for none", () => {
    expect(quartiles([7])).toEqual({ n: 1, q1: 7, median: 7, q3: 7 });
    expect(quartiles([])).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { Random } from "./random";

const draw = (random: Random, n: number) => Array.from({ length: n }, () => random.next());

describe("Random", () => {
  it("repeats its sequence for the same seed and differs for another", () => {
    expect(draw(new Random(42), 5)).toEqual(draw(new Random(42), 5));
    expect(draw(new Random(42), 5)).not.toEqual(draw(new Random(43), 5));
  });

  it("forks streams that do not depend on how much of the parent was used", () => {
    const used = new Random(7);
    draw(used, 10);
    expect(draw(used.fork("deals"), 3)).toEqual(draw(new Random(7).fork("deals"), 3));
    expect(draw(new Random(7).fork("deals"), 3)).not.toEqual(draw(new Random(7).fork("rates"), 3));
  });

  it("keeps draws in range", () => {
    const random = new Random(1);
    const uniform = Array.from({ length: 1000 }, () => random.next());
    const ints = new Set(Array.from({ length: 1000 }, () => random.int(3, 5)));
    expect(uniform.filter((x) => x < 0 || x >= 1)).toEqual([]);
    expect([...ints].sort()).toEqual([3, 4, 5]);
  });

  it("picks by weight", () => {
    const random = new Random(3);
    const picks = Array.from({ length: 2000 }, () => random.weighted(["a", "b"], (x) => (x === "a" ? 3 : 1)));
    const shareA = picks.filter((x) => x === "a").length / picks.length;
    expect(shareA).toBeGreaterThan(0.7);
    expect(shareA).toBeLessThan(0.8);
  });
});

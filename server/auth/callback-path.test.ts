import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./callback-path";

describe("safeCallbackPath", () => {
  it("keeps a path on this site", () => {
    expect(safeCallbackPath("/o/acme/members?tab=1")).toBe("/o/acme/members?tab=1");
  });
  it("turns anything that could leave the site into /", () => {
    for (const value of ["https://evil.test", "//evil.test", "/\\evil.test", "/\tevil", "", null, undefined, 42]) {
      expect(safeCallbackPath(value)).toBe("/");
    }
  });
});

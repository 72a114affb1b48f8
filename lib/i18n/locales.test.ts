import { describe, expect, it } from "vitest";
import { localeFromAcceptLanguage } from "./locales";

describe("localeFromAcceptLanguage", () => {
  it("takes the highest-ranked supported language", () => {
    expect(localeFromAcceptLanguage("de-DE,de;q=0.9,uk;q=0.8,ru;q=0.7")).toBe("uk");
    expect(localeFromAcceptLanguage("ru;q=0.5,en;q=0.6")).toBe("en");
  });
  it("ignores unsupported and refused languages", () => {
    expect(localeFromAcceptLanguage("fr,ru;q=0")).toBeUndefined();
    expect(localeFromAcceptLanguage(undefined)).toBeUndefined();
  });
});

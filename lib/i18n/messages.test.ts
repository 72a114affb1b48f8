import { describe, expect, it } from "vitest";
import { locales } from "./locales";
import { loadMessages, namespaces } from "./messages";

function keys(value: unknown, prefix = ""): string[] {
  if (value === null || typeof value !== "object") return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe("message catalogs", () => {
  it("have the same keys in every language", async () => {
    const [en, ...others] = await Promise.all(locales.map(loadMessages));
    for (const ns of namespaces) {
      const expected = keys(en![ns]).sort();
      others.forEach((catalog, i) => {
        expect(keys(catalog[ns]).sort(), `${locales[i + 1]}/${ns}.json`).toEqual(expected);
      });
    }
  });

  it("have no empty strings", async () => {
    for (const locale of locales) {
      const catalog = await loadMessages(locale);
      const empty = keys(catalog).filter((k) => {
        const v = k.split(".").reduce<unknown>((acc, part) => (acc as Record<string, unknown>)[part], catalog);
        return v === "";
      });
      expect(empty, locale).toEqual([]);
    }
  });
});

import { describe, expect, it } from "vitest";
import { locales } from "@/lib/i18n/locales";
import { loadMessages } from "@/lib/i18n/messages";
import { metricCatalog } from ".";

const lookup = (catalog: unknown, key: string) =>
  key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], catalog);

describe("metric catalog", () => {
  it("defines each metric once", () => {
    const ids = metricCatalog.map((metric) => metric.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("has a label and a formula in words for every metric in every language", async () => {
    for (const locale of locales) {
      const messages = await loadMessages(locale);
      for (const metric of metricCatalog) {
        expect(lookup(messages.kpi, metric.labelKey), `${locale} ${metric.labelKey}`).toEqual(expect.any(String));
        expect(lookup(messages.kpi, metric.formulaKey), `${locale} ${metric.formulaKey}`).toEqual(expect.any(String));
      }
    }
  });

  it("has a name for every unit and data need it uses", async () => {
    const messages = await loadMessages("en");
    for (const metric of metricCatalog) {
      expect(lookup(messages.kpi, `units.${metric.unit}`)).toEqual(expect.any(String));
      for (const need of metric.needs) expect(lookup(messages.kpi, `needs.${need}`), need).toEqual(expect.any(String));
    }
  });
});

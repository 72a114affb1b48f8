import { describe, expect, it } from "vitest";
import { customMetricKey, customMetricKeyPattern } from "./custom-metric-input";

describe("customMetricKey", () => {
  it("slugs English names", () => {
    expect(customMetricKey("Demo calls (booked)")).toBe("custom.demo_calls_booked");
  });

  it("transliterates Russian and Ukrainian names so keys stay ASCII", () => {
    expect(customMetricKey("Замеры проведены")).toBe("custom.zamery_provedeny");
    expect(customMetricKey("Угоди з партнерами")).toBe("custom.ugodi_z_partnerami");
    expect(customMetricKey("Їжак")).toBe("custom.yizhak");
  });

  it("always yields a key the engine accepts", () => {
    for (const name of ["!!!", "Ä ö ü", "a".repeat(300), "Выручка, ₽"]) expect(customMetricKey(name)).toMatch(customMetricKeyPattern);
  });
});

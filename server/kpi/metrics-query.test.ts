import { describe, expect, it } from "vitest";
import { parseMetricsQuery } from "./metrics-query";

describe("metrics query parameters", () => {
  it("accepts catalog and custom metric ids and the plan metric", () => {
    const request = parseMetricsQuery(new URLSearchParams("metrics=plan_attainment,custom.brand_mentions&plan_metric=custom.brand_mentions"));
    expect(request).toMatchObject({ metrics: ["plan_attainment", "custom.brand_mentions"], planMetric: "custom.brand_mentions" });
  });

  it("refuses ids that are neither, by parameter", () => {
    expect(() => parseMetricsQuery(new URLSearchParams("metrics=custom.Bad Key&plan_metric=nope"))).toThrow(
      expect.objectContaining({ fieldErrors: { metrics: "errors.field.invalid", plan_metric: "errors.field.invalid" } }),
    );
  });
});

import { describe, expect, it } from "vitest";
import { parseFormBody } from "./form-body";

describe("parseFormBody", () => {
  it("nests bracketed keys and turns indexed keys into arrays", () => {
    const body = "mode=subscription&line_items[0][price]=price_team&line_items[0][quantity]=3&subscription_data[metadata][orgId]=o1&subscription_data[trial_period_days]=14";
    expect(parseFormBody(body)).toEqual({
      mode: "subscription",
      line_items: [{ price: "price_team", quantity: "3" }],
      subscription_data: { metadata: { orgId: "o1" }, trial_period_days: "14" },
    });
  });
});

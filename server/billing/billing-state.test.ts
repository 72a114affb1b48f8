import { describe, expect, it } from "vitest";
import type { Subscription } from "@/db/schema";
import { stateOfSubscription } from "./billing-state";
import { plans } from "./plans";

const day = 24 * 60 * 60_000;
const created = new Date("2026-03-01T00:00:00Z");
const at = (days: number) => new Date(created.getTime() + days * day);
const row = (over: Partial<Subscription>): Subscription => ({
  orgId: "o",
  stripeCustomerId: "cus_1",
  stripeSubscriptionId: "sub_1",
  plan: "business",
  status: "active",
  quantity: 4,
  trialEnd: null,
  currentPeriodEnd: at(30),
  cancelAtPeriodEnd: false,
  pastDueSince: null,
  stripeUpdatedAt: at(0),
  updatedAt: at(0),
  ...over,
});

describe("stateOfSubscription", () => {
  it("without a subscription: the trial's limits for 14 days from sign-up, then read-only", () => {
    expect(stateOfSubscription(null, created, at(13))).toMatchObject({ plan: "trial", limits: plans.trial.limits, access: "full", trialEnd: at(14) });
    expect(stateOfSubscription(null, created, at(14))).toMatchObject({ access: "read_only", readOnlyReason: "trial_ended" });
  });

  it("an active or trialing subscription has its plan's limits", () => {
    expect(stateOfSubscription(row({}), created, at(40))).toMatchObject({ plan: "business", limits: plans.business.limits, access: "full" });
    expect(stateOfSubscription(row({ status: "trialing", plan: "agency" }), created, at(40))).toMatchObject({ limits: plans.agency.limits, access: "full" });
  });

  it("past due: 7 days of grace from the first failed payment, then read-only", () => {
    const due = row({ status: "past_due", pastDueSince: at(30) });
    expect(stateOfSubscription(due, created, at(36))).toMatchObject({ access: "grace", graceEndsAt: at(37), readOnlyReason: null });
    expect(stateOfSubscription(due, created, at(37))).toMatchObject({ access: "read_only", readOnlyReason: "past_due" });
  });

  it("cancelled: read-only at once", () => {
    expect(stateOfSubscription(row({ status: "canceled" }), created, at(1))).toMatchObject({ access: "read_only", readOnlyReason: "canceled" });
  });
});

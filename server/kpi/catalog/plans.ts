import { computed } from "./define";

/**
 * Plan vs. actual (kpi-catalog): the request's plan metric (revenue_won unless `planMetric` says otherwise) against
 * its quotas. plan_remaining and plan_run_rate take the plan metric's unit; pipeline_coverage is always revenue.
 */
export const planMetrics = [
  computed("plan_attainment", { unit: "percent", needs: ["quotas"] }, { base: "plan", measure: "attainment" }),
  computed("plan_remaining", { unit: "money", direction: "down_is_good", needs: ["quotas"] }, { base: "plan", measure: "remaining" }),
  computed("plan_run_rate", { unit: "money", needs: ["quotas"] }, { base: "plan", measure: "run_rate" }),
  computed("share_at_quota", { unit: "percent", needs: ["quotas"] }, { base: "plan", measure: "share_at_quota" }),
  computed("pipeline_coverage", { unit: "ratio", needs: ["quotas", "deals"] }, { base: "plan", measure: "coverage" }),
];

import { computed, planned } from "./define";
import { marketingMetrics } from "./marketing";

/** Time and velocity not computed yet (time_to_win and time_to_loss are in time.ts), kpi-catalog. */
export const plannedTimeMetrics = [
  computed("stage_duration", { unit: "duration", direction: "down_is_good", needs: ["deals", "stage_history"] }, { base: "stages", measure: "duration" }),
  computed("sales_velocity", { unit: "money", needs: ["deals", "stage_history"] }, { base: "velocity", measure: "velocity" }),
  computed("velocity_forecast", { unit: "money", needs: ["deals", "stage_history"] }, { base: "velocity", measure: "forecast" }),
];

/** Marketing cost and traffic, kpi-catalog. */
export const marketingGroup = [
  ...marketingMetrics,
  computed("cac", { unit: "money", direction: "down_is_good", needs: ["spend", "customers"] }, { base: "customers", measure: "cac" }),
  computed("deals_by_channel", { unit: "count", needs: ["deals"] }, { base: "by_channel" }),
  computed("repeat_sales_by_channel", { unit: "count", needs: ["deals", "customers"] }, { base: "customers", measure: "repeat_sales" }),
];

/** Customers, kpi-catalog. */
export const customerMetrics = [
  computed("customers_new", { unit: "count", needs: ["deals", "customers"] }, { base: "customers", measure: "new" }),
  computed("retention_rate", { unit: "percent", needs: ["deals", "customers"] }, { base: "customers", measure: "retention" }),
  computed("churn_rate", { unit: "percent", direction: "down_is_good", needs: ["deals", "customers"] }, { base: "customers", measure: "churn" }),
  computed("churn_by_rep", { unit: "count", direction: "down_is_good", needs: ["deals", "customers"] }, { base: "customers", measure: "churn_by_rep" }),
  computed("ltv", { unit: "money", needs: ["deals", "customers", "margin"] }, { base: "ltv", measure: "ltv" }),
  computed("ltv_cac", { unit: "ratio", needs: ["deals", "customers", "margin", "spend"] }, { base: "ltv", measure: "ltv_cac" }),
  computed("abc_customers", { unit: "count", needs: ["deals", "customers"] }, { base: "customers", measure: "abc" }),
];

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
  planned("cac", { unit: "money", direction: "down_is_good", needs: ["spend", "customers"] }),
  planned("deals_by_channel", { unit: "count", needs: ["deals"] }),
  planned("repeat_sales_by_channel", { unit: "count", needs: ["deals", "customers"] }),
];

/** Customers, kpi-catalog. */
export const customerMetrics = [
  planned("customers_new", { unit: "count", needs: ["deals", "customers"] }),
  planned("retention_rate", { unit: "percent", needs: ["deals", "customers"] }),
  planned("churn_rate", { unit: "percent", direction: "down_is_good", needs: ["deals", "customers"] }),
  planned("churn_by_rep", { unit: "count", direction: "down_is_good", needs: ["deals", "customers"] }),
  planned("ltv", { unit: "money", needs: ["deals", "customers", "margin"] }),
  planned("ltv_cac", { unit: "ratio", needs: ["deals", "customers", "margin", "spend"] }),
  planned("abc_customers", { unit: "count", needs: ["deals", "customers"] }),
];

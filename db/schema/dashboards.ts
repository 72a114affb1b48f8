import { sql } from "drizzle-orm";
import { foreignKey, index, numeric, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, date, jsonb } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { orgIdColumn, refColumn, rowIdColumn } from "./columns";
import { reps } from "./sales";
import { memberRole } from "./tenancy";

/** A role's dashboard as saved by an admin for the org; a role without a row gets the catalog's default. */
export const dashboards = pgTable(
  "dashboards",
  {
    orgId: orgIdColumn(),
    role: memberRole("role").notNull(),
    /** Ordered widgets; parsed with the widget schema (server/dashboards) on every read and write. */
    widgets: jsonb("widgets").$type<unknown[]>().notNull(),
    updatedBy: text("updated_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.role] })],
);

export const customMetricUnit = pgEnum("custom_metric_unit", ["count", "money", "percent", "duration", "ratio"]);
export const metricDirection = pgEnum("metric_direction", ["up", "down"]);
export const customMetricAggregation = pgEnum("custom_metric_aggregation", ["sum", "average", "last"]);
export const customMetricGranularity = pgEnum("custom_metric_granularity", ["day", "week", "month"]);

/** A metric the org defines itself and enters values for (per day, week or month; per rep or for the org). */
export const customMetrics = pgTable(
  "custom_metrics",
  {
    orgId: orgIdColumn(),
    id: rowIdColumn(),
    /** Stable id used in dashboards, plans and the API: `custom.<slug>`. */
    key: text("key").notNull(),
    name: text("name").notNull(),
    unit: customMetricUnit("unit").notNull(),
    direction: metricDirection("direction").notNull().default("up"),
    aggregation: customMetricAggregation("aggregation").notNull().default("sum"),
    granularity: customMetricGranularity("granularity").notNull().default("month"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), uniqueIndex("custom_metrics_key").on(t.orgId, t.key)],
);
export type CustomMetric = typeof customMetrics.$inferSelect;

/** One entered value of a custom metric for the period starting on `periodStart` (org-wide when rep_id is null). */
export const customMetricValues = pgTable(
  "custom_metric_values",
  {
    orgId: orgIdColumn(),
    id: rowIdColumn(),
    metricId: refColumn("metric_id").notNull(),
    repId: refColumn("rep_id"),
    periodStart: date("period_start").notNull(),
    value: numeric("value", { precision: 18, scale: 4, mode: "number" }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex("custom_metric_values_key").on(t.orgId, t.metricId, sql`coalesce(${t.repId}, 0)`, t.periodStart),
    foreignKey({ name: "custom_metric_values_metric_fk", columns: [t.orgId, t.metricId], foreignColumns: [customMetrics.orgId, customMetrics.id] }).onDelete("cascade"),
    foreignKey({ name: "custom_metric_values_rep_fk", columns: [t.orgId, t.repId], foreignColumns: [reps.orgId, reps.id] }).onDelete("cascade"),
    index("custom_metric_values_period_idx").on(t.orgId, t.metricId, t.periodStart),
  ],
);

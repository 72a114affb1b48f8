import type { Role } from "@/db/schema";
import type { Widget, WidgetBreakdown, WidgetType } from "./widgets";

const widget = (type: WidgetType, metrics: string[], breakdown?: WidgetBreakdown): Widget => ({
  id: `${type}-${metrics[0]}${breakdown ? `-${breakdown}` : ""}`,
  type,
  metrics,
  ...(breakdown ? { breakdown } : {}),
});
const tiles = (...ids: string[]) => ids.map((id) => widget("tile", [id]));

/** Funnel steps leads → qualified → scheduled → held → won → fulfilled, read from the engine's cohort conversions. */
export const funnelMetrics = ["conv_lead_qualified", "conv_lead_meeting", "conv_show_up", "conv_lead_won", "conv_won_fulfilled"];

/** kpi-catalog "Roles and their default dashboards", row by row. */
const headOfSales: Widget[] = [
  widget("plan_fact", ["plan_attainment"], "rep"),
  ...tiles("share_at_quota"),
  widget("funnel", funnelMetrics),
  widget("bar", ["conv_stage_to_stage"], "stage"),
  widget("stage_durations", ["stage_duration"], "stage"),
  ...tiles("pipeline_coverage", "sales_velocity", "time_to_loss"),
  widget("bar", ["churn_by_rep"], "rep"),
  widget("bar", ["close_rate_provided"], "rep"),
  ...tiles("response_time"),
];

const manager: Widget[] = [
  ...tiles("plan_attainment", "revenue_won", "deals_won", "avg_deal_size", "win_rate"),
  widget("deals_by_stage", ["deals_by_stage"], "stage"),
  widget("stale_deals", ["stale_deals"]),
  ...tiles("follow_up_meetings", "time_to_win"),
];

const bdr: Widget[] = tiles("opportunities_created", "proposals_sent", "deals_won", "conv_lead_opportunity", "meetings_held", "plan_attainment");

const sdr: Widget[] = tiles(
  "response_time",
  "leads_followed_up",
  "calls_made",
  "emails_delivered",
  "email_open_rate",
  "email_positive_rate",
  "meeting_acceptance",
  "conv_sql_customer",
  "win_loss_ratio",
  "talk_listen_ratio",
);

const executive: Widget[] = [
  ...tiles("revenue_won"),
  widget("line", ["revenue_won"], "month"),
  ...tiles("velocity_forecast", "revenue_growth", "avg_margin", "ltv_cac", "churn_rate"),
  widget("bar", ["cac"], "channel"),
  widget("bar", ["deals_by_channel"], "channel"),
  ...tiles("pipeline_coverage"),
  widget("abc", ["abc_customers"]),
];

const marketer: Widget[] = [
  widget("bar", ["leads_created"], "channel"),
  widget("bar", ["cost_per_lead"], "channel"),
  ...tiles("visitor_lead_rate", "cost_per_session", "revenue_per_session"),
  widget("bar", ["conv_lead_qualified"], "channel"),
  widget("bar", ["repeat_sales_by_channel"], "channel"),
];

/**
 * Owners, admins, consultants and viewers are not in the catalog's table. They get the all-round sales overview:
 * the volume tiles and revenue vs plan, the funnel, revenue by month and plan/fact per manager, all of which the
 * engine computes today, so an account's first look (and the read-only demo) is a full team picture rather than
 * one person's specialised view.
 */
const overview: Widget[] = [
  ...tiles("leads_created", "leads_qualified", "meetings_held", "deals_won", "revenue_won", "plan_attainment"),
  widget("funnel", funnelMetrics),
  widget("line", ["revenue_won"], "month"),
  widget("plan_fact", ["plan_attainment"], "rep"),
];

const byRole: Record<Role, Widget[]> = {
  owner: overview,
  admin: overview,
  consultant: overview,
  viewer: overview,
  head_of_sales: headOfSales,
  manager,
  bdr,
  sdr,
  executive,
  marketer,
};

export function defaultWidgets(role: Role): Widget[] {
  return byRole[role].map((w) => ({ ...w, metrics: [...w.metrics] }));
}

import { describe, expect, it } from "vitest";
import { roles } from "@/db/schema";
import { metricDefinition } from "@/server/kpi/catalog";
import { defaultWidgets } from "./defaults";
import { ZWidget, ZWidgets } from "./widgets";

const metricsOf = (role: (typeof roles)[number]) => defaultWidgets(role).flatMap((w) => w.metrics);

describe("widget parsing", () => {
  it("accepts a widget with catalog metrics, a breakdown and a title", () => {
    const parsed = ZWidget.parse({ id: "w1", type: "bar", metrics: ["leads_created"], breakdown: "channel", title: "  Leads by channel " });
    expect(parsed).toEqual({ id: "w1", type: "bar", metrics: ["leads_created"], breakdown: "channel", title: "Leads by channel" });
  });

  it("refuses an unknown metric id with a message key that says so", () => {
    const result = ZWidget.safeParse({ id: "w1", type: "tile", metrics: ["revenue_wonn"] });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]).toMatchObject({ path: ["metrics", 0], message: "dashboard.editor.errors.unknownMetric" });
  });

  it("refuses an unknown type or breakdown, no metric, and duplicate widget ids", () => {
    expect(ZWidget.safeParse({ id: "w1", type: "pie", metrics: ["deals_won"] }).success).toBe(false);
    expect(ZWidget.safeParse({ id: "w1", type: "bar", metrics: ["deals_won"], breakdown: "city" }).success).toBe(false);
    expect(ZWidget.safeParse({ id: "w1", type: "tile", metrics: [] }).success).toBe(false);
    const tile = { id: "same", type: "tile", metrics: ["deals_won"] };
    expect(ZWidgets.safeParse([tile, tile]).success).toBe(false);
  });
});

describe("default dashboards", () => {
  it("every role's default parses and names only catalog metrics", () => {
    for (const role of roles) {
      expect(ZWidgets.safeParse(defaultWidgets(role)).success, role).toBe(true);
      for (const id of metricsOf(role)) expect(metricDefinition(id), `${role}: ${id}`).toBeDefined();
    }
  });

  it("follow the catalog's table per role", () => {
    expect(metricsOf("sdr")).toEqual([
      "response_time", "leads_followed_up", "calls_made", "emails_delivered", "email_open_rate",
      "email_positive_rate", "meeting_acceptance", "conv_sql_customer", "win_loss_ratio", "talk_listen_ratio",
    ]);
    expect(metricsOf("bdr")).toEqual(["opportunities_created", "proposals_sent", "deals_won", "conv_lead_opportunity", "meetings_held", "plan_attainment"]);
    expect(metricsOf("manager")).toEqual([
      "plan_attainment", "revenue_won", "deals_won", "avg_deal_size", "win_rate", "deals_by_stage", "stale_deals", "follow_up_meetings", "time_to_win",
    ]);
    const head = defaultWidgets("head_of_sales");
    expect(head[0]).toMatchObject({ type: "plan_fact", breakdown: "rep" });
    expect(head.map((w) => w.type)).toContain("funnel");
    expect(new Set(metricsOf("head_of_sales"))).toEqual(
      new Set([
        "plan_attainment", "share_at_quota", "conv_lead_qualified", "conv_lead_meeting", "conv_show_up", "conv_lead_won", "conv_won_fulfilled",
        "conv_stage_to_stage", "stage_duration", "pipeline_coverage", "sales_velocity", "time_to_loss", "churn_by_rep", "close_rate_provided", "response_time",
      ]),
    );
    expect(defaultWidgets("executive").find((w) => w.metrics[0] === "cac")).toMatchObject({ type: "bar", breakdown: "channel" });
    expect(defaultWidgets("executive").map((w) => w.type)).toContain("abc");
    expect(defaultWidgets("marketer").filter((w) => w.breakdown === "channel").map((w) => w.metrics[0])).toEqual([
      "leads_created", "cost_per_lead", "conv_lead_qualified", "repeat_sales_by_channel",
    ]);
  });

  it("returns a fresh copy, so editing one does not change the default", () => {
    defaultWidgets("bdr")[0]!.metrics.push("deals_won");
    expect(defaultWidgets("bdr")[0]!.metrics).toEqual(["opportunities_created"]);
  });
});

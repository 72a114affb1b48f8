import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { dashboards, type Role } from "@/db/schema";
import { forbidden, invalid } from "@/server/errors";
import { can } from "@/server/tenancy/permissions";
import { listCustomMetrics } from "@/server/custom-metrics/custom-metrics";
import { isCustomMetricId } from "@/server/kpi/request";
import { defaultWidgets } from "./defaults";
import { ZWidget, ZWidgets, type Widget } from "./widgets";

export type StoredDashboard = { role: Role; widgets: Widget[]; isDefault: boolean; updatedAt: Date | null };

/**
 * The widgets of a role's dashboard in the org: the saved row, parsed widget by widget (a widget that no longer
 * parses, e.g. a metric since removed from the catalog, is left out rather than breaking the page), else the default.
 */
export async function loadDashboard(db: Db, orgId: string, role: Role): Promise<StoredDashboard> {
  const [row] = await db
    .select({ widgets: dashboards.widgets, updatedAt: dashboards.updatedAt })
    .from(dashboards)
    .where(and(eq(dashboards.orgId, orgId), eq(dashboards.role, role)))
    .limit(1);
  if (!row) return { role, widgets: defaultWidgets(role), isDefault: true, updatedAt: null };
  const widgets = row.widgets.flatMap((raw) => {
    const parsed = ZWidget.safeParse(raw);
    return parsed.success ? [parsed.data] : [];
  });
  return { role, widgets, isDefault: false, updatedAt: row.updatedAt };
}

/**
 * Who may change a role's dashboard: owners, admins and consultants (org.manage) any role's; a head of sales their
 * own role's, because they set the team's plans and decide what they read every morning. Never in the demo.
 */
export function canEditDashboard(role: Role, target: Role, org: { isDemo: boolean }): boolean {
  if (can(role, "org.manage", org)) return true;
  return role === "head_of_sales" && target === "head_of_sales" && can(role, "plans.manage", org);
}

type Editor = { role: Role; userId: string; org: { id: string; isDemo: boolean } };

/** Saves a role's widgets for the org (validated again here: this is the one writer). */
function assertCanEdit(editor: Editor, target: Role) {
  if (!canEditDashboard(editor.role, target, editor.org)) throw forbidden(editor.org.isDemo ? "errors.demoReadOnly" : "errors.forbidden");
}

export async function saveDashboard(db: Db, editor: Editor, target: Role, widgets: unknown): Promise<StoredDashboard> {
  assertCanEdit(editor, target);
  const parsed = ZWidgets.safeParse(widgets);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) fields[["widgets", ...issue.path.map(String)].join(".")] ??= issue.message;
    throw invalid(fields);
  }
  const custom = new Set((await listCustomMetrics(db, editor.org.id)).map((metric) => metric.key));
  const unknown: Record<string, string> = {};
  parsed.data.forEach((widget, i) =>
    widget.metrics.forEach((id, j) => {
      if (isCustomMetricId(id) && !custom.has(id)) unknown[`widgets.${i}.metrics.${j}`] = "dashboard.editor.errors.unknownMetric";
    }),
  );
  if (Object.keys(unknown).length > 0) throw invalid(unknown);
  const now = new Date();
  await db
    .insert(dashboards)
    .values({ orgId: editor.org.id, role: target, widgets: parsed.data, updatedBy: editor.userId, updatedAt: now })
    .onConflictDoUpdate({ target: [dashboards.orgId, dashboards.role], set: { widgets: parsed.data, updatedBy: editor.userId, updatedAt: now } });
  return { role: target, widgets: parsed.data, isDefault: false, updatedAt: now };
}

/** Back to the catalog's default for the role: the saved row goes. */
export async function resetDashboard(db: Db, editor: Editor, target: Role): Promise<StoredDashboard> {
  assertCanEdit(editor, target);
  await db.delete(dashboards).where(and(eq(dashboards.orgId, editor.org.id), eq(dashboards.role, target)));
  return { role: target, widgets: defaultWidgets(target), isDefault: true, updatedAt: null };
}

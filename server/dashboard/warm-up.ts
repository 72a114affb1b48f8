import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { memberships, organizations, type Role } from "@/db/schema";
import { parseDashboardSearchParams } from "./filters";
import { getRoleDashboard } from "./role-dashboard";
import { resolveViewer, type Viewer } from "./viewer";

export type DashboardView = { role: Role; viewer: Viewer };

/**
 * The dashboards the org's people open, once each: every member's role as that member sees it (a linked rep their
 * own numbers, everyone else the team), the consultants of the org's agency, and visitors of the demo company; the
 * team views first.
 */
export async function dashboardViewsOf(db: Db, orgId: string, org?: Org): Promise<DashboardView[]> {
  org ??= await loadOrg(db, orgId);
  if (!org) return [];
  const members = await db.select({ userId: memberships.userId, role: memberships.role }).from(memberships).where(eq(memberships.orgId, orgId));
  const views = await Promise.all(members.map(async ({ userId, role }) => ({ role, viewer: await resolveViewer(db, orgId, userId, role) })));
  if (org.agencyOrgId) views.push({ role: "consultant", viewer: { scope: "team" } });
  if (org.isDemo) views.push({ role: "viewer", viewer: { scope: "team" } });
  const byKey = new Map(views.map((view) => [`${view.role}:${view.viewer.scope === "rep" ? view.viewer.repId : "team"}`, view]));
  // The team's dashboards first: one each serves every head, executive and admin.
  return [...byKey.values()].sort((a, b) => Number(a.viewer.scope === "rep") - Number(b.viewer.scope === "rep"));
}

/**
 * How long a warm-up goes on computing reps' own views once the team's are done. A rep's view costs about what the
 * team's does (the rep filter applies after the period's rows are read): at a million deals ~6 s each, so a hundred
 * reps would keep a worker busy for ten minutes after every sync. The rest compute when opened.
 */
export const REP_VIEWS_BUDGET_MS = 60_000;

/**
 * Computes and stores (server/kpi/results-cache.ts) the dashboards the org's people open, with the filters a
 * dashboard opens with, so the first of them to look after a sync or an edit gets the stored numbers instead of
 * waiting for them: every team view, then reps' own views while `repViewsBudgetMs` lasts. A view whose numbers are
 * stored and still current costs a look-up. One view at a time: this runs in the background beside people's requests.
 */
export async function warmDashboards(
  db: Db,
  orgId: string,
  options: { now?: Date; repViewsBudgetMs?: number } = {},
): Promise<{ views: number; left: number }> {
  const org = await loadOrg(db, orgId);
  if (!org) return { views: 0, left: 0 };
  const views = await dashboardViewsOf(db, orgId, org);
  const filters = parseDashboardSearchParams({});
  let warmed = 0;
  let repViewsUntil: number | undefined;
  for (const { role, viewer } of views) {
    if (viewer.scope === "rep") {
      repViewsUntil ??= performance.now() + (options.repViewsBudgetMs ?? REP_VIEWS_BUDGET_MS);
      if (performance.now() >= repViewsUntil) break;
    }
    await getRoleDashboard(db, { orgId, isDemo: org.isDemo, role, viewer }, filters, options.now ?? new Date());
    warmed++;
  }
  return { views: warmed, left: views.length - warmed };
}

type Org = { agencyOrgId: string | null; isDemo: boolean };

async function loadOrg(db: Db, orgId: string): Promise<Org | undefined> {
  const [org] = await db
    .select({ agencyOrgId: organizations.agencyOrgId, isDemo: organizations.isDemo })
    .from(organizations)
    .where(eq(organizations.id, orgId));
  return org;
}

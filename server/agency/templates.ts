import { and, asc, eq, isNotNull, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { agencyTemplates, dashboards, organizations, pipelines, stages, type Organization } from "@/db/schema";
import { localDateAt } from "@/lib/zoned-time";
import { monthStart } from "@/lib/periods";
import { notFound } from "@/server/errors";
import { metricDefinition } from "@/server/kpi/catalog";
import { dateParam } from "@/server/kpi/sql/params";
import type { DashboardsPayload, PlansPayload, StageMappingPayload } from "./template-payloads";

export const templateKinds = ["stage_mapping", "dashboards", "plans"] as const;
export type TemplateKind = (typeof templateKinds)[number];

export type TemplateSummary = { kind: TemplateKind; savedFromOrgName: string | null; updatedAt: Date; items: number };

/** The client's stage mapping by stage name; where two pipelines name a stage alike, the first pipeline wins. */
async function stageMappingOf(db: Db, clientId: string): Promise<StageMappingPayload | null> {
  const rows = await db
    .select({ name: stages.name, step: stages.funnelStep })
    .from(stages)
    .innerJoin(pipelines, and(eq(pipelines.orgId, stages.orgId), eq(pipelines.id, stages.pipelineId)))
    .where(and(eq(stages.orgId, clientId), isNotNull(stages.funnelStep)))
    .orderBy(asc(pipelines.position), asc(pipelines.id), asc(stages.position));
  const steps = new Map<string, NonNullable<(typeof rows)[number]["step"]>>();
  for (const row of rows) if (!steps.has(row.name)) steps.set(row.name, row.step!);
  return steps.size ? { steps: [...steps].map(([name, step]) => ({ name, step })) } : null;
}

async function dashboardsOf(db: Db, clientId: string): Promise<DashboardsPayload | null> {
  const rows = await db.select({ role: dashboards.role, widgets: dashboards.widgets }).from(dashboards).where(eq(dashboards.orgId, clientId));
  return rows.length ? { dashboards: rows } : null;
}

/** The client's latest planned month up to this one: per catalog metric, its org target, else its reps' sum. */
async function plansOf(db: Db, client: Pick<Organization, "id" | "currency" | "timeZone">, now: Date): Promise<PlansPayload | null> {
  const thisMonth = monthStart(localDateAt(now, client.timeZone));
  const rows = await db.execute<{ month: string; metric: string; target: number }>(sql`
    with latest as (
      select max(period_start) as month from quotas
      where org_id = ${client.id} and period_kind = 'month' and period_start <= ${dateParam(thisMonth)}
    )
    select to_char(q.period_start, 'YYYY-MM-DD') as month, q.metric,
      coalesce(sum(q.target) filter (where q.scope = 'org'), sum(q.target) filter (where q.scope = 'rep'))::float8 as target
    from quotas q join latest on q.period_start = latest.month
    where q.org_id = ${client.id} and q.period_kind = 'month'
    group by 1, 2 order by 2`);
  const targets = rows.filter((r) => metricDefinition(r.metric) && r.target !== null).map(({ metric, target }) => ({ metric, target }));
  return targets.length ? { currency: client.currency, month: rows[0]!.month, targets } : null;
}

/** One of the agency's own clients, by slug; anything else is not found. */
async function agencyClient(db: Db, agency: Pick<Organization, "id">, clientSlug: string) {
  const [client] = await db
    .select()
    .from(organizations)
    .where(and(eq(organizations.slug, clientSlug), eq(organizations.agencyOrgId, agency.id)))
    .limit(1);
  if (!client) throw notFound();
  return client;
}

/**
 * Saves a client's setup as the agency's templates: its stage mapping, its role dashboards and its monthly plan.
 * A part the client does not have (no mapped stages, no edited dashboards, no plans) leaves that template as it was.
 */
export async function saveTemplatesFromClient(
  db: Db,
  agency: Pick<Organization, "id">,
  clientSlug: string,
  now: Date,
): Promise<{ saved: TemplateKind[]; skipped: TemplateKind[] }> {
  const client = await agencyClient(db, agency, clientSlug);
  const [stageMapping, roleDashboards, plans] = await Promise.all([stageMappingOf(db, client.id), dashboardsOf(db, client.id), plansOf(db, client, now)]);
  const payloads: Record<TemplateKind, unknown> = { stage_mapping: stageMapping, dashboards: roleDashboards, plans };
  const saved = templateKinds.filter((kind) => payloads[kind] !== null);
  if (saved.length) {
    await db
      .insert(agencyTemplates)
      .values(saved.map((kind) => ({ orgId: agency.id, kind, payload: payloads[kind], savedFromOrgName: client.name, updatedAt: now })))
      .onConflictDoUpdate({
        target: [agencyTemplates.orgId, agencyTemplates.kind],
        set: { payload: sql`excluded.payload`, savedFromOrgName: sql`excluded.saved_from_org_name`, updatedAt: sql`excluded.updated_at` },
      });
  }
  return { saved, skipped: templateKinds.filter((kind) => payloads[kind] === null) };
}

function itemCount(kind: TemplateKind, payload: unknown): number {
  const p = payload as Partial<StageMappingPayload & DashboardsPayload & PlansPayload>;
  const list = { stage_mapping: p.steps, dashboards: p.dashboards, plans: p.targets }[kind];
  return Array.isArray(list) ? list.length : 0;
}

/** The agency's templates: which client each was saved from, when, and how many stages, dashboards or targets it holds. */
export async function listAgencyTemplates(db: Db | Tx, agency: Pick<Organization, "id">): Promise<TemplateSummary[]> {
  const rows = await db.select().from(agencyTemplates).where(eq(agencyTemplates.orgId, agency.id));
  return templateKinds.flatMap((kind) => {
    const row = rows.find((r) => r.kind === kind);
    return row ? [{ kind, savedFromOrgName: row.savedFromOrgName, updatedAt: row.updatedAt, items: itemCount(kind, row.payload) }] : [];
  });
}

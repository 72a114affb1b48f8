import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { agencyTemplates, stages, type FunnelStep } from "@/db/schema";
import { normalizeStageName, ZStageMappingPayload } from "./template-payloads";

/**
 * The stage mapping an organization took from its agency when it was created (stored as the org's own
 * stage_mapping row in agency_templates, so it outlives a revoke and later edits of the agency's template),
 * as normalized stage name → step.
 */
async function stageTemplate(db: Db | Tx, orgId: string): Promise<Map<string, FunnelStep>> {
  const [row] = await db
    .select({ payload: agencyTemplates.payload })
    .from(agencyTemplates)
    .where(and(eq(agencyTemplates.orgId, orgId), eq(agencyTemplates.kind, "stage_mapping")))
    .limit(1);
  const parsed = ZStageMappingPayload.safeParse(row?.payload);
  return new Map(parsed.success ? parsed.data.steps.map((s) => [normalizeStageName(s.name), s.step]) : []);
}

/** The funnel step the agency's template gives a stage of this name in this org, or null. For ingest and sync code. */
export async function templateStepFor(db: Db | Tx, orgId: string, stageName: string): Promise<FunnelStep | null> {
  return (await stageTemplate(db, orgId)).get(normalizeStageName(stageName)) ?? null;
}

/**
 * Maps the org's still unmapped stages whose names are in its template; a mapping someone already chose is never
 * touched. Call after a sync or an import has created stages. Returns how many stages it mapped.
 */
export async function mapStagesFromTemplate(db: Db | Tx, orgId: string): Promise<number> {
  const template = await stageTemplate(db, orgId);
  if (template.size === 0) return 0;
  const unmapped = await db
    .select({ id: stages.id, name: stages.name })
    .from(stages)
    .where(and(eq(stages.orgId, orgId), isNull(stages.funnelStep)));
  const idsByStep = new Map<FunnelStep, number[]>();
  for (const stage of unmapped) {
    const step = template.get(normalizeStageName(stage.name));
    if (step) idsByStep.set(step, [...(idsByStep.get(step) ?? []), stage.id]);
  }
  for (const [step, ids] of idsByStep) {
    await db
      .update(stages)
      .set({ funnelStep: step })
      .where(and(eq(stages.orgId, orgId), inArray(stages.id, ids), isNull(stages.funnelStep)));
  }
  return [...idsByStep.values()].reduce((sum, ids) => sum + ids.length, 0);
}

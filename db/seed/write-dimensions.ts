import { and, asc, eq, sql } from "drizzle-orm";
import { channels, dataSources, lossReasons, pipelines, reps, stages, teamMemberships, teams } from "@/db/schema";
import * as company from "./company";
import { idsByExternalId, type DbOrTx } from "./bulk-upsert";
import type { Staffing } from "./staffing";
import { dayKey } from "./time";

export type DimensionIds = {
  sourceId: number;
  pipelines: Map<string, number>;
  stages: Map<string, number>;
  teams: Map<string, number>;
  reps: Map<string, number>;
  channels: Map<string, number>;
  lossReasons: Map<string, number>;
};

/** The organization's demo data source: found by kind, created the first time. */
export async function ensureDemoSource(db: DbOrTx, orgId: string, settings: Record<string, unknown>): Promise<number> {
  const [existing] = await db
    .select({ id: dataSources.id })
    .from(dataSources)
    .where(and(eq(dataSources.orgId, orgId), eq(dataSources.kind, "demo")))
    .orderBy(asc(dataSources.id))
    .limit(1);
  if (existing) {
    await db.update(dataSources).set({ settings }).where(and(eq(dataSources.orgId, orgId), eq(dataSources.id, existing.id)));
    return existing.id;
  }
  const [created] = await db.insert(dataSources).values({ orgId, kind: "demo", name: "Demo data", settings }).returning({ id: dataSources.id });
  return created!.id;
}

const excluded = (column: string) => sql.raw(`excluded.${column}`);

/** Pipelines, stages, teams, reps with their team history, channels and loss reasons, upserted by external id. */
export async function writeDimensions(db: DbOrTx, orgId: string, sourceId: number, staffing: Staffing): Promise<DimensionIds> {
  const key = (externalId: string) => ({ orgId, sourceId, externalId });
  const pipelineIds = idsByExternalId(
    await db
      .insert(pipelines)
      .values(company.pipelines.map((p, i) => ({ ...key(p.key), name: p.name, position: i })))
      .onConflictDoUpdate({ target: [pipelines.orgId, pipelines.sourceId, pipelines.externalId], set: { name: excluded("name"), position: excluded("position") } })
      .returning({ id: pipelines.id, external_id: pipelines.externalId }),
  );
  const stageIds = idsByExternalId(
    await db
      .insert(stages)
      .values(
        company.pipelines.flatMap((p) =>
          p.stages.map((s, i) => ({ ...key(s.key), pipelineId: pipelineIds.get(p.key)!, name: s.name, position: i, funnelStep: s.step, winProbability: s.winProbability })),
        ),
      )
      .onConflictDoUpdate({
        target: [stages.orgId, stages.sourceId, stages.externalId],
        set: { name: excluded("name"), position: excluded("position"), funnelStep: excluded("funnel_step"), winProbability: excluded("win_probability") },
      })
      .returning({ id: stages.id, external_id: stages.externalId }),
  );
  const teamIds = idsByExternalId(
    await db
      .insert(teams)
      .values(company.teams.map((t) => ({ ...key(t.key), name: t.name })))
      .onConflictDoUpdate({ target: [teams.orgId, teams.sourceId, teams.externalId], set: { name: excluded("name") } })
      .returning({ id: teams.id, external_id: teams.externalId }),
  );
  const repIds = idsByExternalId(
    await db
      .insert(reps)
      .values(
        staffing.members.map((m) => ({
          ...key(m.profile.key),
          name: m.profile.name,
          email: `${m.profile.key.split("-")[0]}@northwind-furniture.example`,
          active: m.employedUntil === null,
          createdAt: new Date(m.employedFrom),
        })),
      )
      .onConflictDoUpdate({ target: [reps.orgId, reps.sourceId, reps.externalId], set: { name: excluded("name"), email: excluded("email"), active: excluded("active") } })
      .returning({ id: reps.id, external_id: reps.externalId }),
  );
  await db
    .insert(teamMemberships)
    .values(
      staffing.members.flatMap((m) =>
        m.memberships.map((ms) => ({
          orgId,
          repId: repIds.get(m.profile.key)!,
          teamId: teamIds.get(ms.team)!,
          validFrom: dayKey(ms.from),
          validTo: ms.to === null ? null : dayKey(ms.to),
        })),
      ),
    )
    .onConflictDoUpdate({ target: [teamMemberships.orgId, teamMemberships.repId, teamMemberships.validFrom], set: { teamId: excluded("team_id"), validTo: excluded("valid_to") } });
  const channelIds = idsByExternalId(
    await db
      .insert(channels)
      .values(company.channels.map((c) => ({ ...key(c.key), name: c.name, providedByCompany: c.providedByCompany })))
      .onConflictDoUpdate({ target: [channels.orgId, channels.sourceId, channels.externalId], set: { name: excluded("name"), providedByCompany: excluded("provided_by_company") } })
      .returning({ id: channels.id, external_id: channels.externalId }),
  );
  const lossReasonIds = idsByExternalId(
    await db
      .insert(lossReasons)
      .values(company.lossReasons.map((r) => ({ ...key(r.key), name: r.name, winnable: r.winnable })))
      .onConflictDoUpdate({ target: [lossReasons.orgId, lossReasons.sourceId, lossReasons.externalId], set: { name: excluded("name"), winnable: excluded("winnable") } })
      .returning({ id: lossReasons.id, external_id: lossReasons.externalId }),
  );
  return { sourceId, pipelines: pipelineIds, stages: stageIds, teams: teamIds, reps: repIds, channels: channelIds, lossReasons: lossReasonIds };
}

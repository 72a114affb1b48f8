import { sql } from "drizzle-orm";
import { reps, teams } from "@/db/schema";
import { unnestColumns } from "@/db/seed/bulk-upsert";
import { findIds } from "./dimensions";
import { countWritten, type KindWriter } from "./kind-writer";
import type { QuotaRecord } from "./schemas/quotas";
import type { RecordFailure } from "./validate-records";

/** Targets keyed by (metric, scope, rep, team, period); a quota of a rep or team the API source does not know is refused. */
export const writeQuotas: KindWriter<QuotaRecord> = async (tx, scope, records) => {
  const wanted = (field: "repExternalId" | "teamExternalId") => [...new Set(records.flatMap((r) => (r.record[field] ? [r.record[field]] : [])))];
  const [repIds, teamIds] = await Promise.all([findIds(tx, scope, reps, wanted("repExternalId")), findIds(tx, scope, teams, wanted("teamExternalId"))]);
  const failed: RecordFailure[] = [];
  const quotas = records.filter(({ index, record }) => {
    const errors = [
      ...(record.repExternalId && !repIds.has(record.repExternalId) ? [{ path: "repExternalId", message: "apiKeys.record.unknownRep" }] : []),
      ...(record.teamExternalId && !teamIds.has(record.teamExternalId) ? [{ path: "teamExternalId", message: "apiKeys.record.unknownTeam" }] : []),
    ];
    if (errors.length) failed.push({ index, externalId: null, errors });
    return errors.length === 0;
  });
  if (quotas.length === 0) return { created: 0, updated: 0, failed };
  const rows = quotas.map((q) => q.record);
  const written = await tx.execute(sql`
    insert into quotas (org_id, metric, scope, rep_id, team_id, period_kind, period_start, target)
    select ${scope.orgId}::uuid, t.metric, t.scope, t.rep_id, t.team_id, t.period_kind, t.period_start, t.target
    from ${unnestColumns([
      ["metric", "text", rows.map((q) => q.metric)],
      ["scope", "quota_scope", rows.map((q) => q.scope)],
      ["rep_id", "int8", rows.map((q) => (q.repExternalId ? repIds.get(q.repExternalId)! : null))],
      ["team_id", "int8", rows.map((q) => (q.teamExternalId ? teamIds.get(q.teamExternalId)! : null))],
      ["period_kind", "quota_period_kind", rows.map((q) => q.periodKind)],
      ["period_start", "date", rows.map((q) => q.periodStart)],
      ["target", "numeric", rows.map((q) => q.target)],
    ])}
    on conflict on constraint quotas_target_key do update set target = excluded.target
      where quotas.target is distinct from excluded.target
    returning (xmax = 0) as created`);
  return { ...countWritten(written), failed };
};

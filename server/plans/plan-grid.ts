import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { planPeriodStarts, type PlanGridQuery } from "./plan-input";

/** A cell's target: set on this row ("explicit"), the sum of its members' targets ("summed"), or none. */
export type PlanCell = { periodStart: string; target: number | null; source: "explicit" | "summed" | null };

export type PlanRepRow = { repId: number; name: string; active: boolean; cells: PlanCell[] };
/** teamId null: reps without a team in the year. */
export type PlanTeamRow = { teamId: number | null; name: string | null; cells: PlanCell[]; reps: PlanRepRow[] };
export type PlanGrid = { periodStarts: string[]; teams: PlanTeamRow[]; org: PlanCell[] };

type QuotaRow = { scope: "rep" | "team" | "org"; rep_id: string | null; team_id: string | null; period_start: string; target: number };
type RepRow = { id: number; name: string; active: boolean; team_id: number | null; team_name: string | null };

/**
 * The plan grid of one metric for a year: reps that are active or have a target that year, grouped by their team
 * (the latest membership overlapping the year), a column per month or quarter. Team and org cells are the explicit
 * team/org quota where set, else the sum of their members' targets (kpi-catalog, Plan vs. actual).
 */
export async function getPlanGrid(db: Db, orgId: string, query: PlanGridQuery): Promise<PlanGrid> {
  const periodStarts = planPeriodStarts(query.periodKind, query.year);
  const from = `${query.year}-01-01`;
  const to = `${query.year + 1}-01-01`;
  const quotaRows = await db.execute<QuotaRow>(sql`
    select scope, rep_id, team_id, period_start::text as period_start, target::float8 as target from quotas
    where org_id = ${orgId} and metric = ${query.metric} and period_kind = ${query.periodKind}
      and period_start >= ${from}::date and period_start < ${to}::date`);
  const repRows = await db.execute<RepRow>(sql`
    select r.id, r.name, r.active, team.id as team_id, team.name as team_name from reps r
    left join lateral (
      select t.id, t.name from team_memberships m join teams t on t.org_id = m.org_id and t.id = m.team_id
      where m.org_id = r.org_id and m.rep_id = r.id and m.valid_from < ${to}::date and (m.valid_to is null or m.valid_to > ${from}::date)
      order by m.valid_from desc limit 1
    ) team on true
    where r.org_id = ${orgId}
      and (r.active or exists (select 1 from quotas q where q.org_id = r.org_id and q.rep_id = r.id and q.metric = ${query.metric}
        and q.period_start >= ${from}::date and q.period_start < ${to}::date))
    order by r.name, r.id`);
  const explicitTeams = await db.execute<{ id: number; name: string }>(sql`
    select distinct t.id, t.name from teams t join quotas q on q.org_id = t.org_id and q.team_id = t.id
    where t.org_id = ${orgId} and q.metric = ${query.metric} and q.period_kind = ${query.periodKind}
      and q.period_start >= ${from}::date and q.period_start < ${to}::date`);

  const quota = (scope: QuotaRow["scope"], id: number | null, start: string) =>
    quotaRows.find((q) => q.scope === scope && nullableId(scope === "rep" ? q.rep_id : q.team_id) === id && q.period_start === start)?.target;

  const teams = new Map<number | null, PlanTeamRow>();
  for (const team of explicitTeams) teams.set(Number(team.id), { teamId: Number(team.id), name: team.name, cells: [], reps: [] });
  for (const rep of repRows) {
    const teamId = rep.team_id === null ? null : Number(rep.team_id);
    if (!teams.has(teamId)) teams.set(teamId, { teamId, name: rep.team_name, cells: [], reps: [] });
    const cells = periodStarts.map((start) => explicitCell(start, quota("rep", Number(rep.id), start)));
    teams.get(teamId)!.reps.push({ repId: Number(rep.id), name: rep.name, active: rep.active, cells });
  }
  const teamRows = [...teams.values()].sort(byTeamName);
  for (const team of teamRows) {
    team.cells = periodStarts.map((start, i) =>
      team.teamId === null ? summedCell(start, team.reps.map((r) => r.cells[i]!)) : cellOf(start, quota("team", team.teamId, start), team.reps.map((r) => r.cells[i]!)),
    );
  }
  const org = periodStarts.map((start, i) => cellOf(start, quota("org", null, start), teamRows.map((t) => t.cells[i]!)));
  return { periodStarts, teams: teamRows, org };
}

function explicitCell(periodStart: string, target: number | undefined): PlanCell {
  return target === undefined ? { periodStart, target: null, source: null } : { periodStart, target, source: "explicit" };
}

function summedCell(periodStart: string, members: PlanCell[]): PlanCell {
  const set = members.filter((cell) => cell.target !== null);
  if (set.length === 0) return { periodStart, target: null, source: null };
  return { periodStart, target: roundCents(set.reduce((sum, cell) => sum + cell.target!, 0)), source: "summed" };
}

function cellOf(periodStart: string, explicit: number | undefined, members: PlanCell[]): PlanCell {
  return explicit === undefined ? summedCell(periodStart, members) : explicitCell(periodStart, explicit);
}

/** Ids come back from raw SQL as strings (bigint). */
const nullableId = (id: number | string | null) => (id === null ? null : Number(id));

const roundCents = (value: number) => Math.round(value * 100) / 100;

/** Named teams by name; reps without a team last. */
function byTeamName(a: PlanTeamRow, b: PlanTeamRow): number {
  if (a.teamId === null || b.teamId === null) return a.teamId === null ? 1 : -1;
  return (a.name ?? "").localeCompare(b.name ?? "") || a.teamId - b.teamId;
}

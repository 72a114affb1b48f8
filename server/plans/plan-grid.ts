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
type MembershipRow = { rep_id: string; team_id: string; team_name: string; valid_from: string; valid_to: string | null };

/**
 * The plan grid of one metric for a year: reps that are active or have a target that year, grouped by their team
 * (the latest membership overlapping the year), a column per month or quarter. Team and org cells are the explicit
 * team/org quota where set, else the sum of their members' targets (kpi-catalog, Plan vs. actual), members by
 * dated membership at each period's start: a rep who changes teams mid-year adds to the old team before the move.
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
  // Memberships in the year: a rep's target counts toward the team they belonged to at the period's start, as the
  // engine's plan targets do (sql/revenue-targets.ts), even when their row sits under a later team.
  const memberships = await db.execute<MembershipRow>(sql`
    select m.rep_id, m.team_id, t.name as team_name, m.valid_from::text as valid_from, m.valid_to::text as valid_to
    from team_memberships m join teams t on t.org_id = m.org_id and t.id = m.team_id
    where m.org_id = ${orgId} and m.valid_from < ${to}::date and (m.valid_to is null or m.valid_to > ${from}::date)`);
  const explicitTeams = await db.execute<{ id: number; name: string }>(sql`
    select distinct t.id, t.name from teams t join quotas q on q.org_id = t.org_id and q.team_id = t.id
    where t.org_id = ${orgId} and q.metric = ${query.metric} and q.period_kind = ${query.periodKind}
      and q.period_start >= ${from}::date and q.period_start < ${to}::date`);

  const quota = (scope: QuotaRow["scope"], id: number | null, start: string) =>
    quotaRows.find((q) => q.scope === scope && nullableId(scope === "rep" ? q.rep_id : q.team_id) === id && q.period_start === start)?.target;

  const teams = new Map<number | null, PlanTeamRow>();
  const listedReps = new Set(repRows.map((rep) => Number(rep.id)));
  for (const team of [...explicitTeams, ...memberships.filter((m) => listedReps.has(Number(m.rep_id))).map((m) => ({ id: m.team_id, name: m.team_name }))]) {
    if (!teams.has(Number(team.id))) teams.set(Number(team.id), { teamId: Number(team.id), name: team.name, cells: [], reps: [] });
  }
  for (const rep of repRows) {
    const teamId = rep.team_id === null ? null : Number(rep.team_id);
    if (!teams.has(teamId)) teams.set(teamId, { teamId, name: rep.team_name, cells: [], reps: [] });
    const cells = periodStarts.map((start) => explicitCell(start, quota("rep", Number(rep.id), start)));
    teams.get(teamId)!.reps.push({ repId: Number(rep.id), name: rep.name, active: rep.active, cells });
  }
  const allReps = [...teams.values()].flatMap((team) => team.reps);
  const teamOn = (repId: number, day: string) =>
    memberships
      .filter((m) => Number(m.rep_id) === repId && m.valid_from <= day && (m.valid_to === null || m.valid_to > day))
      .sort((a, b) => b.valid_from.localeCompare(a.valid_from))
      .map((m) => Number(m.team_id))[0] ?? null;
  // Reps in no team at a period's start are summed in the no-team row, which shows even when all its reps are listed under teams.
  if (!teams.has(null) && periodStarts.some((start) => allReps.some((rep) => teamOn(rep.repId, start) === null && rep.cells.some((c) => c.periodStart === start && c.target !== null)))) {
    teams.set(null, { teamId: null, name: null, cells: [], reps: [] });
  }
  const teamRows = [...teams.values()].sort(byTeamName);
  for (const team of teamRows) {
    team.cells = periodStarts.map((start, i) => {
      const members = allReps.filter((rep) => teamOn(rep.repId, start) === team.teamId).map((rep) => rep.cells[i]!);
      return team.teamId === null ? summedCell(start, members) : cellOf(start, quota("team", team.teamId, start), members);
    });
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

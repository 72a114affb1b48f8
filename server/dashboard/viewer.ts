import { and, eq, isNull, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { reps, teamMemberships, users, type Role } from "@/db/schema";

/** Roles whose dashboard shows their own numbers (with the team's beside them) when they are linked to a rep. */
export const personalRoles: readonly Role[] = ["manager", "bdr", "sdr"];

export type Viewer =
  | { scope: "team" }
  /** `teamId`: the rep's team today, whose numbers stand beside theirs (null: no team, so the whole org's). */
  | { scope: "rep"; repId: number; repName: string; teamId: number | null };

/**
 * Whose numbers a member's dashboard shows (kpi-catalog: "like a dynamic dashboard that runs as the viewing user"):
 * a manager, BDR or SDR linked to a rep (the rep's user, else the rep's e-mail = the member's) sees that rep;
 * everyone else, and a rep role not linked to any rep, sees the team.
 */
export async function resolveViewer(db: Db, orgId: string, userId: string, role: Role): Promise<Viewer> {
  if (!personalRoles.includes(role)) return { scope: "team" };
  const today = sql`current_date`;
  const [rep] = await db
    .select({
      id: reps.id,
      name: reps.name,
      teamId: sql<number | null>`(select m.team_id from ${teamMemberships} m
        where m.org_id = ${reps.orgId} and m.rep_id = ${reps.id} and m.valid_from <= ${today}
          and (m.valid_to is null or m.valid_to > ${today}) order by m.valid_from desc limit 1)`,
    })
    .from(reps)
    .innerJoin(users, eq(users.id, userId))
    .where(
      and(
        eq(reps.orgId, orgId),
        or(eq(reps.userId, userId), and(isNull(reps.userId), sql`lower(${reps.email}) = lower(${users.email})`)),
      ),
    )
    // The rep linked by user id first, then an active one.
    .orderBy(sql`${reps.userId} is null`, sql`${reps.active} desc`, reps.id)
    .limit(1);
  if (!rep) return { scope: "team" };
  return { scope: "rep", repId: Number(rep.id), repName: rep.name, teamId: rep.teamId === null ? null : Number(rep.teamId) };
}

import { reps, type RepProfile, type TeamKey } from "./company";
import { DAY, startOfUtcDay } from "./time";

export type StaffMember = {
  profile: RepProfile;
  employedFrom: number;
  /** The first moment the rep no longer works here; null = still here. */
  employedUntil: number | null;
  /** Dated team history: [from, to), to null = still in it. */
  memberships: { team: TeamKey; from: number; to: number | null }[];
};

/** The sales team over time, as of `now`: who was in which team when, who joined, moved and left. */
export class Staffing {
  readonly members: StaffMember[];

  constructor(now: number, windowStart: number) {
    const today = startOfUtcDay(now);
    this.members = reps.map((profile, index) => {
      // Reps who were there before the data starts joined at staggered dates one to three years earlier.
      const foundedAt = startOfUtcDay(windowStart) - (400 + 90 * index) * DAY;
      const starts = profile.memberships.map((m) => (m.fromDaysAgo === undefined ? foundedAt : today - m.fromDaysAgo * DAY));
      const employedUntil = profile.leftDaysAgo === undefined ? null : today - profile.leftDaysAgo * DAY;
      return {
        profile,
        employedFrom: starts[0]!,
        employedUntil,
        memberships: profile.memberships.map((m, i) => ({ team: m.team, from: starts[i]!, to: starts[i + 1] ?? employedUntil })),
      };
    });
  }

  teamAt(member: StaffMember, at: number): TeamKey | null {
    return member.memberships.find((m) => m.from <= at && (m.to === null || at < m.to))?.team ?? null;
  }

  /** Reps in `team` at that moment. */
  inTeam(team: TeamKey, at: number): StaffMember[] {
    return this.members.filter((m) => this.teamAt(m, at) === team);
  }

  byKey(key: string): StaffMember {
    return this.members.find((m) => m.profile.key === key)!;
  }
}

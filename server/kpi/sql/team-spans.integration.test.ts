import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organizations } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { loadOrgSettings, type OrgSettings } from "../org-settings";
import { teamAt, teamThen } from "./attribution";

/**
 * The team_spans join gives every rep on every day the team the per-row look-up (teamAt) gives, with memberships that
 * follow each other, leave a gap, overlap (the later one wins, the earlier one resumes when it ends) and start on the
 * same day another ends; moments a few minutes either side of local midnight in a UTC+2/+3 zone.
 */
describe("team spans", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let org: OrgSettings;
  const names = new Map<string, string>();
  const repIds = new Map<string, string>();

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const [created] = await testDb.db.insert(organizations).values({ name: "Spans", slug: "spans", timeZone: "Europe/Kyiv" }).returning();
    org = await loadOrgSettings(testDb.db, created!.id);
    const orgId = org.id;
    const [north, south, west] = await testDb.sql`insert into teams (org_id, name) values (${orgId}, 'North'), (${orgId}, 'South'), (${orgId}, 'West') returning id`;
    const reps = await testDb.sql`insert into reps (org_id, name) values (${orgId}, 'Ann'), (${orgId}, 'Bob'), (${orgId}, 'Cid'), (${orgId}, 'Dee') returning id`;
    const [ann, bob, cid] = reps.map((r) => r.id);
    [["North", north], ["South", south], ["West", west]].forEach(([name, team]) => names.set(String((team as { id: string }).id), name as string));
    repIds.set("Ann", String(ann)).set("Cid", String(cid));
    await testDb.sql`insert into team_memberships (org_id, team_id, rep_id, valid_from, valid_to) values
      (${orgId}, ${north!.id}, ${ann}, '2026-01-01', '2026-03-01'),
      (${orgId}, ${south!.id}, ${ann}, '2026-03-01', null),
      (${orgId}, ${north!.id}, ${bob}, '2026-01-10', '2026-02-01'),
      (${orgId}, ${west!.id}, ${bob}, '2026-02-15', '2026-04-01'),
      (${orgId}, ${north!.id}, ${cid}, '2026-01-01', null),
      (${orgId}, ${south!.id}, ${cid}, '2026-02-01', '2026-03-01'),
      (${orgId}, ${west!.id}, ${cid}, '2026-02-10', '2026-02-20')`;
  });
  afterAll(() => testDb.drop());

  it("gives each rep on each day the team teamAt gives", async () => {
    const team = teamThen(org, true);
    const rows = await testDb.db.execute<{ rep_id: string; at: string; looked_up: string | null; joined: string | null }>(sql`
      with ${team.spans}
      moments as (
        select r.id as rep_id, d + t as at
        from reps r
        cross join generate_series('2025-12-25'::timestamptz, '2026-04-10'::timestamptz, interval '1 day') d
        cross join (values (interval '21 hours 55 minutes'), (interval '22 hours 5 minutes'), (interval '12 hours')) x(t)
        where r.org_id = ${org.id}
      )
      select c.rep_id, c.at, ${teamAt(org, sql`c.rep_id`, sql`c.at`)} as looked_up, ${team.column} as joined
      from moments c ${team.join}`);
    expect(rows.length).toBe(4 * 107 * 3);
    expect(rows.filter((r) => r.looked_up !== null).length).toBeGreaterThan(600);
    expect(rows.filter((r) => String(r.joined) !== String(r.looked_up))).toEqual([]);
    // Hand-worked: Cid is North, South over it from February, West over that for ten days, South again, North from
    // March; 21:55 and 22:05 UTC on 28 February are 23:55 and 00:05 in Kyiv (UTC+2 then).
    const teamOf = (rep: string, at: string) => {
      const row = rows.find((r) => String(r.rep_id) === repIds.get(rep) && new Date(r.at).toISOString() === at);
      return row?.joined === null || row?.joined === undefined ? null : names.get(String(row.joined));
    };
    expect(teamOf("Cid", "2026-01-20T12:00:00.000Z")).toBe("North");
    expect(teamOf("Cid", "2026-02-05T12:00:00.000Z")).toBe("South");
    expect(teamOf("Cid", "2026-02-15T12:00:00.000Z")).toBe("West");
    expect(teamOf("Cid", "2026-02-25T12:00:00.000Z")).toBe("South");
    expect(teamOf("Cid", "2026-02-28T21:55:00.000Z")).toBe("South");
    expect(teamOf("Cid", "2026-02-28T22:05:00.000Z")).toBe("North");
    expect(teamOf("Ann", "2026-02-28T21:55:00.000Z")).toBe("North");
    expect(teamOf("Ann", "2026-02-28T22:05:00.000Z")).toBe("South");
    expect(teamOf("Ann", "2025-12-31T12:00:00.000Z")).toBeNull();
  });
});

import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organizations } from "@/db/schema";
import { loadDemoDataset } from "@/db/seed/load-dataset";
import { createTestDatabase } from "@/test/db";
import { loadOrgSettings, type OrgSettings } from "../org-settings";
import { dayBoundsCte, type LabelledRange } from "./bounds";
import { cohortQuery } from "./cohort";
import { eventsQuery } from "./events";
import { instantParam, textParam } from "./params";
import { stageConversionQuery, stageDurationQuery } from "./stages";

const NOW = new Date("2026-03-20T10:30:00Z");

/**
 * The statements that read deal_days (migration 0026) for a period's whole local days and the rows themselves for its
 * partial days (events, cohorts, stage durations and stage conversions), over periods that begin and end mid-day: one holding New York's spring-forward day (8 March 2026),
 * one shorter than a day, and a whole-day one: each equal to the rows themselves counted in SQL here (events:
 * also to the statement reading every row, as it does when distinct customers are asked).
 */
describe("deal_days and the partial days of a period", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let org: OrgSettings;
  const ranges: LabelledRange[] = [
    { label: "mid-day", start: new Date("2026-02-10T14:30:00Z"), end: new Date("2026-03-12T15:45:00Z") },
    { label: "part-of-a-day", start: new Date("2026-03-09T04:30:00Z"), end: new Date("2026-03-09T20:00:00Z") },
    { label: "whole-days", start: new Date("2026-01-01T05:00:00Z"), end: new Date("2026-02-01T05:00:00Z") },
  ];

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const [created] = await testDb.db.insert(organizations).values({ name: "Days", slug: "days", timeZone: "America/New_York" }).returning();
    org = await loadOrgSettings(testDb.db, created!.id);
    await loadDemoDataset(testDb.db, org.id, { seed: 11, scale: 0.2, now: NOW });
  });
  afterAll(() => testDb.drop());

  it("counts and sums the events of each period as its rows do, medians included", async () => {
    type Row = { label: string; kind: string; is_total: boolean; by_reason: boolean; n: number; amount_sum: number; no_rate: number; days_mean: number | null; days_median: number | null; qualified_n: number };
    const query = (withCustomers: boolean) =>
      eventsQuery({ org, ranges, kinds: ["created", "won", "lost"], medianKinds: ["won", "lost"], withCustomers, withReasons: false });
    const pick = (rows: Row[]) =>
      rows
        .filter((r) => r.is_total && !r.by_reason)
        .map((r) => ({ label: r.label, kind: r.kind, n: r.n, amount_sum: r.amount_sum, no_rate: r.no_rate, qualified_n: r.qualified_n, days_mean: r.days_mean, days_median: r.days_median }))
        .sort((a, b) => `${a.label}${a.kind}`.localeCompare(`${b.label}${b.kind}`));
    const fromDays = pick([...(await testDb.db.execute<Row>(query(false)))]);
    const fromRows = pick([...(await testDb.db.execute<Row>(query(true)))]);
    expect(fromDays.filter((r) => r.label === "mid-day").map((r) => r.kind)).toEqual(["created", "lost", "won"]);
    expect(fromDays.length).toBe(fromRows.length);
    for (const [i, row] of fromDays.entries()) {
      const other = fromRows[i]!;
      expect({ ...row, days_mean: null, days_median: null }).toEqual({ ...other, days_mean: null, days_median: null });
      expect(row.days_mean).toBeCloseTo(other.days_mean!, 9);
      expect(row.days_median).toBe(other.days_median);
    }
    const raw = await testDb.sql`select b.label, e.kind, count(*)::int as n from deal_events e
      join (values ${testDb.sql(ranges.map((r) => [r.label, r.start.toISOString(), r.end.toISOString()]))}) b(label, s, e)
        on e.at >= b.s::timestamptz and e.at < b.e::timestamptz
      where e.org_id = ${org.id} and e.kind in ('created', 'won', 'lost') group by 1, 2 order by 1, 2`;
    expect(fromDays.map((r) => ({ label: r.label, kind: r.kind, n: r.n }))).toEqual(raw.map((r) => ({ label: r.label, kind: r.kind, n: r.n })));
    expect(fromDays.find((r) => r.label === "part-of-a-day" && r.kind === "created")!.n).toBeGreaterThan(0);
  });

  it("counts each period's cohort and its first responses as its created rows do", async () => {
    const rows = await testDb.db.execute<{ label: string; lead: number; qualified: number; answered: number; response_mean: number | null; response_median: number | null }>(
      cohortQuery({ org, ranges, withResponses: true, withFollowUps: true }),
    );
    const raw = await testDb.sql`select b.label, count(*)::int as lead,
        count(*) filter (where e.qualified_at < e.at + ${org.conversionWindowDays} * interval '1 day')::int as qualified,
        count(e.first_response_at)::int as answered,
        avg(extract(epoch from e.first_response_at - e.at)::float8 / 60) as response_mean,
        percentile_cont(0.5) within group (order by extract(epoch from e.first_response_at - e.at)::float8 / 60) as response_median
      from deal_events e
      join (values ${testDb.sql(ranges.map((r) => [r.label, r.start.toISOString(), r.end.toISOString()]))}) b(label, s, e)
        on e.at >= b.s::timestamptz and e.at < b.e::timestamptz
      where e.org_id = ${org.id} and e.kind = 'created' group by 1 order by 1`;
    const got = [...rows].sort((a, b) => a.label.localeCompare(b.label));
    expect(got.map(({ label, lead, qualified, answered }) => ({ label, lead, qualified, answered }))).toEqual(
      raw.map(({ label, lead, qualified, answered }) => ({ label, lead, qualified, answered })),
    );
    for (const [i, row] of got.entries()) {
      expect(row.response_mean).toBeCloseTo(raw[i]!.response_mean as number, 9);
      expect(row.response_median).toBe(raw[i]!.response_median);
    }
    expect(got.find((r) => r.label === "mid-day")!.answered).toBeGreaterThan(10);
  });

  it("counts the stays that ended in the first period as the stays themselves do, re-entered ones by the period's end", async () => {
    const [first] = ranges;
    const rows = await testDb.db.execute<{ label: string; stage_id: number | null; left_n: number; days_mean: number | null; days_median: number | null }>(
      stageDurationQuery({ org, ranges: [first!], now: NOW }),
    );
    const total = [...rows].find((r) => r.stage_id === null)!;
    const [raw] = await testDb.sql`select count(*)::int as n, avg(d) as mean, percentile_cont(0.5) within group (order by d) as median
      from (select extract(epoch from t.prior + (t.left_at - t.entered_at))::float8 / 86400 as d from deal_stage_stays t
        where t.org_id = ${org.id} and t.left_at >= ${first!.start.toISOString()} and t.left_at < ${first!.end.toISOString()}
          and (t.next_left_at is null or t.next_left_at >= ${first!.end.toISOString()})) s`;
    expect(total.left_n).toBe(raw!.n);
    expect(total.days_mean).toBeCloseTo(raw!.mean as number, 9);
    expect(total.days_median).toBe(raw!.median);
    const reentered = await testDb.sql`select count(*)::int as n from deal_stage_stays where org_id = ${org.id} and next_left_at is not null`;
    expect(reentered[0]!.n).toBeGreaterThan(0);
  });

  it("counts each period's stage entries and advances within the window as the entries themselves do", async () => {
    const rows = await testDb.db.execute<{ label: string; stage_id: number; entered: number; advanced: number }>(stageConversionQuery({ org, ranges, now: NOW }));
    const raw = await testDb.sql`select b.label, x.stage_id::int, count(*)::int as entered,
        count(*) filter (where x.advanced_at < x.deal_created_at + ${org.conversionWindowDays} * interval '1 day')::int as advanced
      from deal_stage_reach x
      join (values ${testDb.sql(ranges.map((r) => [r.label, r.start.toISOString(), r.end.toISOString()]))}) b(label, s, e)
        on x.deal_created_at >= b.s::timestamptz and x.deal_created_at < b.e::timestamptz
      where x.org_id = ${org.id} and x.entered_at < x.deal_created_at + ${org.conversionWindowDays} * interval '1 day'
      group by 1, 2 order by 1, 2`;
    const got = [...rows].map((r) => ({ label: r.label, stage_id: Number(r.stage_id), entered: r.entered, advanced: r.advanced }));
    got.sort((a, b) => a.label.localeCompare(b.label) || a.stage_id - b.stage_id);
    expect(got).toEqual([...raw]);
    expect(got.filter((r) => r.label === "part-of-a-day").length).toBeGreaterThan(0);
  });

  it("places a period's whole local days from its start if that is a day's first moment", async () => {
    const wholeDays = async (range: LabelledRange) =>
      (
        await testDb.db.execute<{ full_from: string; full_to: string }>(sql`
          with bounds (label, start_at, end_at) as (values ('p', ${instantParam(range.start)}, ${instantParam(range.end)})),
          ${dayBoundsCte(textParam(org.timeZone))}
          select full_from::text, full_to::text from day_bounds`)
      )[0];
    expect(await wholeDays(ranges[2]!)).toEqual({ full_from: "2026-01-01", full_to: "2026-02-01" });
    expect(await wholeDays(ranges[0]!)).toEqual({ full_from: "2026-02-11", full_to: "2026-03-12" });
    // 04:30 UTC on 9 March is 00:30 in New York (summer time since the 8th): no whole day, all of it read row by row.
    expect(await wholeDays(ranges[1]!)).toEqual({ full_from: "2026-03-10", full_to: "2026-03-09" });
  });
});

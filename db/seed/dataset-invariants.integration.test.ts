import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organizations } from "@/db/schema";
import { createTestDatabase } from "@/test/db";
import { loadDemoDataset } from "./load-dataset";

const NOW = new Date("2026-03-15T10:30:00Z");
const NOW_SQL = `'${NOW.toISOString()}'::timestamptz`;
const LADDER = `array['lead','qualified','meeting_scheduled','meeting_held','proposal','negotiation','won','fulfilled']`;

/** The rules of kpi-catalog.md that every metric relies on, checked on a scale-1 year. */
describe("the demo dataset", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let orgId = "";
  /** One number from a query over the organization's rows ($1 = org id). */
  const value = async (query: string) => Number(Object.values((await testDb.sql.unsafe(query, [orgId]))[0]!)[0]);

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const [org] = await testDb.db.insert(organizations).values({ name: "Northwind", slug: "northwind", timeZone: "Europe/Kyiv" }).returning();
    orgId = org!.id;
    await loadDemoDataset(testDb.db, orgId, { seed: 11, scale: 1, now: NOW });
  });
  afterAll(() => testDb.drop());

  it("has the size and cast of a believable company", async () => {
    expect(await value(`select count(*) from deals where org_id = $1`)).toBeGreaterThanOrEqual(5000);
    expect(await value(`select count(*) from reps where org_id = $1`)).toBeGreaterThanOrEqual(6);
    expect(await value(`select count(*) from teams where org_id = $1`)).toBe(2);
    // One rep joins during the year, one moves team (two memberships), one has left.
    expect(await value(`select count(*) from team_memberships where org_id = $1 and valid_from > (${NOW_SQL} - interval '12 months')::date
      and rep_id not in (select rep_id from team_memberships where org_id = $1 group by rep_id having count(*) > 1)`)).toBe(1);
    expect(await value(`select count(*) from (select rep_id from team_memberships where org_id = $1 group by rep_id having count(*) > 1) x`)).toBe(1);
    expect(await value(`select count(*) from reps where org_id = $1 and not active`)).toBe(1);
    expect(await value(`select count(*) from pipelines where org_id = $1`)).toBe(2);
    expect(await value(`select count(*) from stages where org_id = $1 and funnel_step is null`)).toBe(1);
    expect(await value(`select count(distinct provided_by_company) from channels where org_id = $1`)).toBe(2);
    expect(await value(`select count(*) from channels where org_id = $1`)).toBeGreaterThanOrEqual(5);
    expect(await value(`select count(distinct winnable) from loss_reasons where org_id = $1`)).toBe(2);
  });

  it("keeps each deal's stage, status, won and lost moments consistent with its history", async () => {
    const lastEvent = `(select distinct on (deal_id) deal_id, to_stage_id from deal_stage_events where org_id = $1 order by deal_id, at desc, id desc)`;
    expect(await value(`select count(*) from deals d left join ${lastEvent} l on l.deal_id = d.id
      where d.org_id = $1 and d.stage_id is distinct from l.to_stage_id`)).toBe(0);
    // The first event starts from nowhere at creation; every later one starts where the previous one ended.
    expect(await value(`select count(*) from (select deal_id, from_stage_id, at, lag(to_stage_id) over w as previous, row_number() over w as n
      from deal_stage_events where org_id = $1 window w as (partition by deal_id order by at, id)) e
      join deals d on d.org_id = $1 and d.id = e.deal_id
      where (e.n = 1 and (e.from_stage_id is not null or e.at <> d.created_at)) or (e.n > 1 and e.from_stage_id is distinct from e.previous)`)).toBe(0);
    expect(await value(`select count(*) from deals d join stages s on s.org_id = d.org_id and s.id = d.stage_id where d.org_id = $1 and d.status::text <>
      case when s.funnel_step in ('won', 'fulfilled') then 'won' when s.funnel_step = 'lost' then 'lost' else 'open' end`)).toBe(0);
    expect(await value(`select count(*) from deals d, lateral (
        select min(e.at) filter (where s.funnel_step in ('won', 'fulfilled')) as first_won, max(e.at) filter (where s.funnel_step = 'lost') as last_lost
        from deal_stage_events e join stages s on s.org_id = e.org_id and s.id = e.to_stage_id where e.org_id = d.org_id and e.deal_id = d.id) h
      where d.org_id = $1 and (d.won_at is distinct from case when d.status = 'won' then h.first_won end
        or d.lost_at is distinct from case when d.status = 'lost' then h.last_lost end
        or (d.loss_reason_id is not null) <> (d.status = 'lost'))`)).toBe(0);
  });

  it("has the awkward cases real pipelines have", async () => {
    const rank = (alias: string) => `array_position(${LADDER}, ${alias}.funnel_step::text)`;
    const moves = `deal_stage_events e join stages f on f.org_id = e.org_id and f.id = e.from_stage_id join stages t on t.org_id = e.org_id and t.id = e.to_stage_id`;
    expect(await value(`select count(*) from ${moves} where e.org_id = $1 and ${rank("t")} > ${rank("f")} + 1`)).toBeGreaterThan(50);
    expect(await value(`select count(distinct e.deal_id) from ${moves} join deals d on d.org_id = e.org_id and d.id = e.deal_id
      where e.org_id = $1 and d.status = 'lost' and t.funnel_step in ('proposal', 'negotiation')`)).toBeGreaterThan(100);
    // Won, then moved back (reopened or lost: status follows the last terminal state), and lost, then reopened.
    expect(await value(`select count(*) from ${moves} where e.org_id = $1 and f.funnel_step = 'won' and t.funnel_step not in ('fulfilled')`)).toBeGreaterThan(3);
    expect(await value(`select count(*) from ${moves} join deals d on d.org_id = e.org_id and d.id = e.deal_id
      where e.org_id = $1 and f.funnel_step = 'won' and t.funnel_step = 'lost' and d.status = 'lost' and d.won_at is null`)).toBeGreaterThan(0);
    expect(await value(`select count(*) from ${moves} where e.org_id = $1 and f.funnel_step = 'lost'`)).toBeGreaterThan(10);
    expect(await value(`select count(*) from deal_stage_events e join stages s on s.org_id = e.org_id and s.id = e.to_stage_id where e.org_id = $1 and s.funnel_step is null`)).toBeGreaterThan(10);
    expect(await value(`select count(*) from deals where org_id = $1 and status = 'open' and expected_close_date is not null`)).toBeGreaterThan(300);
    expect(await value(`select count(*) from deals where org_id = $1 and amount is null`)).toBeGreaterThan(0);
  });

  it("has nothing before a deal's creation or after now", async () => {
    for (const table of ["deal_stage_events", "deal_owner_events"]) {
      expect(await value(`select count(*) from ${table} e join deals d on d.org_id = e.org_id and d.id = e.deal_id
        where e.org_id = $1 and (e.at < d.created_at or e.at > ${NOW_SQL})`), table).toBe(0);
    }
    expect(await value(`select count(*) from activities a join deals d on d.org_id = a.org_id and d.id = a.deal_id
      where a.org_id = $1 and (a.created_at < d.created_at or a.created_at > ${NOW_SQL} or a.completed_at > ${NOW_SQL})`)).toBe(0);
    expect(await value(`select count(*) from deals where org_id = $1 and (created_at < ${NOW_SQL} - interval '12 months' or created_at > ${NOW_SQL})`)).toBe(0);
  });

  it("credits owner changes in order and ends with the deal's owner", async () => {
    expect(await value(`select count(*) from deal_owner_events where org_id = $1`)).toBeGreaterThan(30);
    expect(await value(`select count(*) from (select distinct on (deal_id) deal_id, to_rep_id from deal_owner_events where org_id = $1 order by deal_id, at desc) o
      join deals d on d.org_id = $1 and d.id = o.deal_id where d.owner_rep_id <> o.to_rep_id`)).toBe(0);
  });

  it("has the activity detail the activity metrics read", async () => {
    const perDeal = await value(`select count(*)::float / (select count(*) from deals where org_id = $1) from activities where org_id = $1`);
    expect(perDeal).toBeGreaterThan(4);
    expect(perDeal).toBeLessThan(6);
    expect(await value(`select count(distinct type) from activities where org_id = $1`)).toBe(6);
    expect(await value(`select count(distinct meeting_held) from activities where org_id = $1 and type = 'demo'`)).toBe(2);
    expect(await value(`select count(*) from activities where org_id = $1 and type = 'call' and talk_seconds + listen_seconds = duration_seconds and quality_score is not null`)).toBeGreaterThan(100);
    expect(await value(`select count(distinct reply_sentiment) from activities where org_id = $1 and type = 'email' and email_opened and email_replied`)).toBe(3);
    expect(await value(`select count(distinct meeting_held) from activities where org_id = $1 and type = 'meeting'`)).toBe(2);
    // The first outbound reply comes minutes to hours after the inquiry.
    const medianMinutes = await value(`select percentile_cont(0.5) within group (order by minutes) from (
      select extract(epoch from min(a.created_at) - d.created_at) / 60 as minutes from deals d
      join activities a on a.org_id = d.org_id and a.deal_id = d.id and a.direction = 'outbound' and a.type in ('call', 'email', 'message')
      where d.org_id = $1 group by d.id, d.created_at) x`);
    expect(medianMinutes).toBeGreaterThan(5);
    expect(medianMinutes).toBeLessThan(600);
  });

  it("has money in two currencies with daily rates, margins and repeat buyers", async () => {
    const secondShare = await value(`select avg((currency <> 'USD')::int) from deals where org_id = $1`);
    expect(secondShare).toBeGreaterThan(0.01);
    expect(secondShare).toBeLessThan(0.1);
    expect(await value(`select count(*) from deals d where d.org_id = $1 and d.currency <> 'USD' and not exists (
      select 1 from exchange_rates r where r.org_id = d.org_id and r.currency = d.currency and r.day = d.created_at::date)`)).toBe(0);
    expect(await value(`select count(*) from deals where org_id = $1 and status = 'won' and amount > 0 and margin > 0 and margin < amount`)).toBeGreaterThan(500);
    expect(await value(`select count(*) from (select customer_id from deals where org_id = $1 and status = 'won' group by customer_id having count(*) > 1) x`)).toBeGreaterThan(50);
  });

  it("has daily spend and sessions per channel", async () => {
    expect(await value(`select count(distinct channel_id) from marketing_daily where org_id = $1 and spend > 0`)).toBeGreaterThanOrEqual(4);
    expect(await value(`select count(distinct channel_id) from marketing_daily where org_id = $1 and sessions > 0`)).toBeGreaterThanOrEqual(2);
    expect(await value(`select count(distinct day) from marketing_daily where org_id = $1`)).toBeGreaterThanOrEqual(365);
  });

  it("gives every rep monthly plans that some beat and some miss", async () => {
    expect(await value(`select count(*) from reps r where r.org_id = $1 and (select count(distinct metric) from quotas q where q.org_id = $1 and q.rep_id = r.id) <> 2`)).toBe(0);
    // Reps who stayed all year have plans for the last 12 months and the next 2.
    expect(await value(`select max(n) from (select count(*) as n from quotas where org_id = $1 and metric = 'revenue_won' group by rep_id) x`)).toBe(14);
    const attainments = await testDb.sql.unsafe(
      `select q.rep_id, sum(coalesce(w.revenue, 0)) / sum(q.target) as attainment
      from quotas q left join (
        select owner_rep_id, date_trunc('month', won_at at time zone 'Europe/Kyiv')::date as month, sum(amount) as revenue
        from deals where org_id = $1 and status = 'won' and currency = 'USD' group by 1, 2) w on w.owner_rep_id = q.rep_id and w.month = q.period_start
      where q.org_id = $1 and q.metric = 'revenue_won' and q.period_start < date_trunc('month', ${NOW_SQL} at time zone 'Europe/Kyiv')
      group by q.rep_id`,
      [orgId],
    );
    const values = attainments.map((a) => Number(a.attainment));
    expect(values.some((a) => a > 1)).toBe(true);
    expect(values.some((a) => a < 0.95)).toBe(true);
    expect(values.every((a) => a > 0.5 && a < 1.6)).toBe(true);
  });
});

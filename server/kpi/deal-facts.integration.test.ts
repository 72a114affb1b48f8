import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organizations } from "@/db/schema";
import { loadDemoDataset } from "@/db/seed/load-dataset";
import { createTestDatabase } from "@/test/db";
import {
  dealEventRows, dealEventRowsFromSources, dealFactRows, dealFactRowsFromHistory, eventKinds, openDealRowsAt, openDealRowsByRule,
  reachRows, reachRowsFromHistory, stayRows, stayRowsFromHistory,
} from "./deal-facts.test-queries";
import { customerWinRows, customerWinRowsFromEvents } from "./customer-wins.test-queries";
import { dealDayRows, dealDayRowsFromSources } from "./deal-days.test-queries";

const NOW = new Date("2026-03-15T10:30:00Z");

/**
 * The deal_facts and deal_stage_stays rollups (kept by triggers, migrations 0004 and 0005) against the same facts computed from the raw stage
 * history here, written another way (ladder ranks and window functions), after the demo loader's chunked writes,
 * after edits through later writes, and after a rebuild from scratch. The deal_events rollup (migration 0011)
 * against the reach moments of dealStepReach, which cohorts and drill-downs compute from deals and deal_facts. The
 * deals open at many moments through the deal_open_spans rollup (migration 0012, openDealsAt) against the snapshot
 * rule applied to the raw stage history. The deal_days rollup (migration 0026) against deal_events and the finished stays
 * summed by local day here, after each of those writes, a change of time zone and a rebuild.
 */
describe("deal_facts, deal_stage_stays, deal_stage_reach, deal_events, deal_days, customer_wins and deal_open_spans rollups", () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let orgId = "";

  const rollup = () => dealFactRows(testDb.sql, orgId);
  const raw = () => dealFactRowsFromHistory(testDb.sql, orgId);
  const stays = () => stayRows(testDb.sql, orgId);
  const rawStays = () => stayRowsFromHistory(testDb.sql, orgId);
  const reach = () => reachRows(testDb.sql, orgId);
  const rawReach = () => reachRowsFromHistory(testDb.sql, orgId);
  const dealEvents = () => dealEventRows(testDb.sql, orgId);
  const rawDealEvents = () => dealEventRowsFromSources(testDb.sql, testDb.db, orgId);
  const kinds = eventKinds;

  const dealDays = () => dealDayRows(testDb.sql, orgId);
  const rawDealDays = () => dealDayRowsFromSources(testDb.sql, orgId);
  const customerWins = () => customerWinRows(testDb.sql, orgId);
  /** deal_days and customer_wins equal what their sources give. */
  const expectDaysAndWinsAsSources = async () => {
    expect(await dealDays()).toEqual(await rawDealDays());
    expect(await customerWins()).toEqual(await customerWinRowsFromEvents(testDb.sql, orgId));
  };

  /**
   * Month starts of the demo year, now, and moments right at and just after stage changes (the `<` edges), each
   * compared: the deals openDealsAt gives (with the stage then and whether they had qualified by then) against the
   * snapshot rule over the raw history (last stage entered before the moment; without one, the outcome and close times).
   */
  const expectOpenDealsAsRaw = async () => {
    const edges = await testDb.sql`select at from deal_stage_events where org_id = ${orgId} order by id desc limit 4`;
    const moments = [
      ...Array.from({ length: 13 }, (_, i) => new Date(Date.UTC(2025, 2 + i, 1))),
      NOW,
      ...edges.flatMap((e) => [new Date(e.at), new Date(new Date(e.at).getTime() + 1)]),
    ];
    let open = 0;
    for (const at of moments) {
      const rollup = await openDealRowsAt(testDb.db, orgId, at);
      const raw = await openDealRowsByRule(testDb.sql, orgId, at);
      expect([...rollup], at.toISOString()).toEqual([...raw]);
      open += raw.length;
    }
    expect(open).toBeGreaterThan(500);
  };

  beforeAll(async () => {
    testDb = await createTestDatabase();
    orgId = (await testDb.db.insert(organizations).values({ name: "Facts", slug: "facts", timeZone: "Europe/Kyiv" }).returning())[0]!.id;
    await loadDemoDataset(testDb.db, orgId, { seed: 7, scale: 0.1, now: NOW, chunkSize: 50 });
  });
  afterAll(() => testDb.drop());

  it("has one row per deal, equal to the raw history, after the demo loader's chunked writes", async () => {
    const facts = await rollup();
    expect(facts.length).toBeGreaterThan(500);
    expect(facts.filter((f) => f.won_at !== null).length).toBeGreaterThan(10);
    expect(facts.filter((f) => f.lost_entered_at !== null).length).toBeGreaterThan(10);
    expect(facts).toEqual(await raw());
    const stayRows = await stays();
    expect(stayRows.filter((r) => r.prior_seconds > 0).length).toBeGreaterThan(0);
    expect(stayRows.filter((r) => r.next_left_at !== null).length).toBeGreaterThan(0);
    expect(stayRows).toEqual(await rawStays());
    const reachRows = await reach();
    expect(reachRows.filter((r) => r.advanced_at !== null).length).toBeGreaterThan(100);
    expect(reachRows).toEqual(await rawReach());
    const events = await dealEvents();
    for (const kind of kinds) expect(events.filter((e) => e.kind === kind).length, kind).toBeGreaterThan(0);
    expect(events.filter((e) => e.first_response_at !== null).length).toBeGreaterThan(10);
    expect(events.filter((e) => e.credited_rep_id !== e.owner_rep_id).length, "events credited to an earlier owner").toBeGreaterThan(0);
    expect(events).toEqual(await rawDealEvents());
    const days = await dealDays();
    expect(days.filter((d) => d.n > 1).length, "days with several events or stays of a kind and attribution").toBeGreaterThan(10);
    expect(days.filter((d) => d.kind === "stay").length).toBeGreaterThan(100);
    expect(days).toEqual(await rawDealDays());
    const wins = await customerWins();
    expect(wins.filter((w) => w.next_won_at !== null).length, "customers who won again").toBeGreaterThan(10);
    expect(wins.filter((w) => w.credited_rep_id !== w.owner_rep_id).length, "wins credited to an earlier owner").toBeGreaterThan(0);
    expect(wins).toEqual(await customerWinRowsFromEvents(testDb.sql, orgId));
    await expectOpenDealsAsRaw();
  });

  it("follows later writes: a remapped stage, an unmapped one, removed and added history, a new deal without history", async () => {
    const [stage] = await testDb.sql`select id from stages where org_id = ${orgId} and funnel_step = 'proposal' limit 1`;
    const [other] = await testDb.sql`select id from stages where org_id = ${orgId} and funnel_step = 'meeting_held' limit 1`;
    await testDb.sql`update stages set funnel_step = 'negotiation' where org_id = ${orgId} and id = ${stage!.id}`;
    await testDb.sql`update stages set funnel_step = null where org_id = ${orgId} and id = ${other!.id}`;
    // The proposal stage moved to the front of its pipeline: whoever left it forward did not advance any more.
    await testDb.sql`update stages set position = -1 where org_id = ${orgId} and id = ${stage!.id}`;
    const deals = await testDb.sql`select distinct deal_id from deal_stage_events where org_id = ${orgId} order by deal_id limit 30`;
    const ids = deals.map((d) => d.deal_id as string);
    await testDb.sql`delete from deal_stage_events where org_id = ${orgId} and deal_id in ${testDb.sql(ids.slice(0, 10))}
      and id in (select max(id) from deal_stage_events where org_id = ${orgId} group by deal_id)`;
    const [lost] = await testDb.sql`select id from stages where org_id = ${orgId} and funnel_step = 'lost' limit 1`;
    await testDb.sql`insert into deal_stage_events (org_id, deal_id, to_stage_id, at)
      select ${orgId}, d.id, ${lost!.id}, d.created_at + interval '3 days' from deals d where d.org_id = ${orgId} and d.id in ${testDb.sql(ids.slice(10, 20))}`;
    await testDb.sql`update deal_stage_events set at = at - interval '1 day' where org_id = ${orgId} and deal_id in ${testDb.sql(ids.slice(20))}`;
    const [pipeline] = await testDb.sql`select pipeline_id from deals where org_id = ${orgId} limit 1`;
    await testDb.sql`insert into deals (org_id, pipeline_id, created_at) values (${orgId}, ${pipeline!.pipeline_id}, ${NOW.toISOString()})`;

    const facts = await rollup();
    expect(facts).toEqual(await raw());
    expect(facts.at(-1)).toMatchObject({ last_stage_at: null, qualified_at: null });
    expect(await stays()).toEqual(await rawStays());
    expect(await reach()).toEqual(await rawReach());
    expect(await dealEvents()).toEqual(await rawDealEvents());
    await expectDaysAndWinsAsSources();
    await expectOpenDealsAsRaw();
  });

  it("keeps deal_events current when a deal itself changes (reopened, won, lost, re-owned, re-priced, deleted) and when its channel or loss reason is re-marked", async () => {
    const [won] = await testDb.sql`select id from deals where org_id = ${orgId} and status = 'won' order by id limit 1`;
    const [lost] = await testDb.sql`select id from deals where org_id = ${orgId} and status = 'lost' and loss_reason_id is not null order by id limit 1`;
    const open = await testDb.sql`select id from deals where org_id = ${orgId} and status = 'open' order by id limit 3`;
    const [rep] = await testDb.sql`select id from reps where org_id = ${orgId} order by id desc limit 1`;
    await testDb.sql`update deals set status = 'open', won_at = null where org_id = ${orgId} and id = ${won!.id}`;
    await testDb.sql`update deals set status = 'won', won_at = created_at + interval '9 days', amount = 1234.5, currency = 'EUR', cost = 1000, margin = null
      where org_id = ${orgId} and id = ${lost!.id}`;
    await testDb.sql`update deals set status = 'lost', lost_at = created_at + interval '2 days' where org_id = ${orgId} and id = ${open[0]!.id}`;
    await testDb.sql`update deals set owner_rep_id = ${rep!.id}, channel_id = null where org_id = ${orgId} and id = ${open[1]!.id}`;
    await testDb.sql`delete from deals where org_id = ${orgId} and id = ${open[2]!.id}`;
    // A won deal moved to another customer, one that had won before it.
    await testDb.sql`update deals d set customer_id = (select x.customer_id from deals x where x.org_id = d.org_id and x.status = 'won'
        and x.customer_id <> d.customer_id and x.won_at < d.won_at order by x.id limit 1)
      where d.org_id = ${orgId} and d.id = (select id from deals where org_id = ${orgId} and status = 'won' and customer_id is not null order by id desc limit 1)`;
    // A channel's provider and a loss reason's winnable flag changed in settings.
    await testDb.sql`update channels set provided_by_company = not provided_by_company
      where org_id = ${orgId} and id = (select channel_id from deals where org_id = ${orgId} and channel_id is not null order by id limit 1)`;
    await testDb.sql`update loss_reasons set winnable = not winnable
      where org_id = ${orgId} and id in (select loss_reason_id from deals where org_id = ${orgId} and status = 'lost' and loss_reason_id is not null)`;
    // Rewritten unchanged, as a sync does: no change. One deal's creation time corrected.
    await testDb.sql`update deals set title = title where org_id = ${orgId}`;
    await testDb.sql`update deals set created_at = created_at - interval '2 hours'
      where org_id = ${orgId} and id = (select deal_id from deal_stage_events where org_id = ${orgId} order by id limit 1)`;

    const events = await dealEvents();
    expect(events).toEqual(await rawDealEvents());
    await expectDaysAndWinsAsSources();
    expect(await reach()).toEqual(await rawReach());
    expect(await rollup()).toEqual(await raw());
    expect(await stays()).toEqual(await rawStays());
    expect(events.filter((e) => e.deal_id === Number(won!.id)).map((e) => e.kind)).not.toContain("won");
    expect(events.find((e) => e.deal_id === Number(lost!.id) && e.kind === "won")).toMatchObject({ amount: 1234.5, currency: "EUR", margin: 234.5 });
    expect(events.filter((e) => e.deal_id === Number(lost!.id)).map((e) => e.kind)).not.toContain("lost");
    expect(events.some((e) => e.deal_id === Number(open[2]!.id))).toBe(false);
    // Deals without history whose outcome or close time changed, and a new stage and close date on another.
    const [pipeline] = await testDb.sql`select pipeline_id from deals where org_id = ${orgId} limit 1`;
    const bare = await testDb.sql`insert into deals (org_id, pipeline_id, created_at, amount, currency)
      select ${orgId}, ${pipeline!.pipeline_id}, timestamptz '2026-02-10T09:00:00Z' + n * interval '1 day', 100 * n, 'RUB'
      from generate_series(1, 3) n returning id`;
    await testDb.sql`update deals set status = 'won', won_at = created_at + interval '20 days' where org_id = ${orgId} and id = ${bare[0]!.id}`;
    await testDb.sql`update deals set status = 'lost', lost_at = null where org_id = ${orgId} and id = ${bare[1]!.id}`;
    await testDb.sql`update deals set status = 'open', won_at = null, lost_at = null, expected_close_date = '2026-04-30', amount = 77,
      stage_id = (select id from stages where org_id = ${orgId} and funnel_step = 'proposal' limit 1) where org_id = ${orgId} and id = ${bare[2]!.id}`;
    await expectOpenDealsAsRaw();
  });

  it("moves the credit of a deal's events and stage stays as its owner history is written, corrected and deleted", async () => {
    const [deal] = await testDb.sql`select d.id, d.owner_rep_id from deals d where d.org_id = ${orgId} and d.status = 'won'
      and not exists (select 1 from deal_owner_events o where o.org_id = d.org_id and o.deal_id = d.id) order by d.id limit 1`;
    const [other] = await testDb.sql`select id from reps where org_id = ${orgId} and id <> ${deal!.owner_rep_id} order by id limit 1`;
    const creditOf = async (kind: string) => (await dealEvents()).find((e) => e.deal_id === Number(deal!.id) && e.kind === kind)?.credited_rep_id;
    expect(await creditOf("won")).toBe(Number(deal!.owner_rep_id));
    // Handed over a day after creation from the other rep: created is the other rep's, the win the owner's.
    const [change] = await testDb.sql`insert into deal_owner_events (org_id, deal_id, from_rep_id, to_rep_id, at)
      select ${orgId}, d.id, ${other!.id}, d.owner_rep_id, d.created_at + interval '1 day' from deals d where d.org_id = ${orgId} and d.id = ${deal!.id}
      returning id`;
    expect(await creditOf("created")).toBe(Number(other!.id));
    expect(await creditOf("won")).toBe(Number(deal!.owner_rep_id));
    // Corrected to a hand-over to nobody: the win is nobody's.
    await testDb.sql`update deal_owner_events set to_rep_id = null where org_id = ${orgId} and id = ${change!.id}`;
    expect(await creditOf("won")).toBeNull();
    expect(await dealEvents()).toEqual(await rawDealEvents());
    expect(await stays()).toEqual(await rawStays());
    await expectDaysAndWinsAsSources();
    await testDb.sql`delete from deal_owner_events where org_id = ${orgId} and id = ${change!.id}`;
    expect(await creditOf("created")).toBe(Number(deal!.owner_rep_id));
    expect(await dealEvents()).toEqual(await rawDealEvents());
    await expectDaysAndWinsAsSources();
    expect(await stays()).toEqual(await rawStays());
  });

  it("keeps the created rows' first responses current as activities are logged, completed, moved and deleted", async () => {
    const [a, b] = await testDb.sql`select id, created_at from deals d where org_id = ${orgId}
      and exists (select 1 from activities x where x.org_id = d.org_id and x.deal_id = d.id and x.direction = 'outbound' and x.type = 'call' and x.completed_at >= d.created_at)
      order by id limit 2`;
    const [bare] = await testDb.sql`select id, created_at from deals d where org_id = ${orgId}
      and not exists (select 1 from activities x where x.org_id = d.org_id and x.deal_id = d.id) order by id limit 1`;
    const at = (deal: Record<string, unknown>, minutes: number) => new Date(new Date(deal.created_at as Date).getTime() + minutes * 60_000).toISOString();
    const created = async (dealId: unknown) => (await dealEvents()).find((e) => e.deal_id === Number(dealId) && e.kind === "created")!;
    // A deal without activities: an inbound call, an e-mail done before its creation and a task logged do not answer it.
    await testDb.sql`insert into activities (org_id, type, direction, deal_id, created_at, completed_at) values
      (${orgId}, 'call', 'inbound', ${bare!.id}, ${at(bare!, 5)}, ${at(bare!, 5)}),
      (${orgId}, 'email', 'outbound', ${bare!.id}, ${at(bare!, -30)}, ${at(bare!, -30)}),
      (${orgId}, 'task', 'outbound', ${bare!.id}, ${at(bare!, 20)}, null)`;
    expect(await created(bare!.id)).toMatchObject({ first_response_at: null, followed_up_at: at(bare!, 20) });
    // An outbound message done 45 minutes in answers it.
    const [message] = await testDb.sql`insert into activities (org_id, type, direction, deal_id, created_at, completed_at)
      values (${orgId}, 'message', 'outbound', ${bare!.id}, ${at(bare!, 40)}, ${at(bare!, 45)}) returning id`;
    expect(await created(bare!.id)).toMatchObject({ first_response_at: at(bare!, 45), followed_up_at: at(bare!, 20) });
    // Moved to another deal, completed later, deleted: each time the first response is looked up again.
    await testDb.sql`update activities set completed_at = ${at(bare!, 90)} where org_id = ${orgId} and id = ${message!.id}`;
    expect((await created(bare!.id)).first_response_at).toBe(at(bare!, 90));
    await testDb.sql`update activities set deal_id = ${a!.id} where org_id = ${orgId} and deal_id = ${b!.id}`;
    await testDb.sql`delete from activities where org_id = ${orgId} and id = ${message!.id}`;
    const [done] = await testDb.sql`select id from activities where org_id = ${orgId} and deal_id = ${a!.id} and type = 'call' order by completed_at limit 1`;
    await testDb.sql`delete from activities where org_id = ${orgId} and id = ${done!.id}`;

    const events = await dealEvents();
    expect(events).toEqual(await rawDealEvents());
    await expectDaysAndWinsAsSources();
    expect(events.find((e) => e.deal_id === Number(bare!.id) && e.kind === "created")).toMatchObject({ first_response_at: null, followed_up_at: at(bare!, 20) });
    expect(events.find((e) => e.deal_id === Number(b!.id) && e.kind === "created")).toMatchObject({ first_response_at: null, followed_up_at: null });
  });

  it("moves deal_days to the new local days when the org's time zone changes, and recounts cohorts with its conversion window", async () => {
    const before = await dealDays();
    await testDb.sql`update organizations set time_zone = 'America/Los_Angeles' where id = ${orgId}`;
    const after = await dealDays();
    expect(after).toEqual(await rawDealDays());
    expect(after).not.toEqual(before);
    await testDb.sql`update organizations set time_zone = 'Europe/Kyiv', conversion_window_days = 7 where id = ${orgId}`;
    const week = await dealDays();
    expect(week).toEqual(await rawDealDays());
    const reachedIn = (rows: typeof before) => rows.reduce((sum, row) => sum + Number(row.reached_qualified_n), 0);
    expect(reachedIn(week)).toBeLessThan(reachedIn(before));
    await testDb.sql`update organizations set conversion_window_days = 90 where id = ${orgId}`;
    expect(await dealDays()).toEqual(before);
  });

  it("rebuilds from scratch to the same rows", async () => {
    const before = await rollup();
    await testDb.sql`delete from deal_facts where org_id = ${orgId}`;
    await testDb.sql`select refresh_deal_facts(${orgId}::uuid, null)`;
    expect(await rollup()).toEqual(before);
    const staysBefore = await stays();
    await testDb.sql`delete from deal_stage_stays where org_id = ${orgId}`;
    await testDb.sql`select refresh_deal_stage_stays(${orgId}::uuid, null)`;
    expect(await stays()).toEqual(staysBefore);
    const reachBefore = await reach();
    await testDb.sql`delete from deal_stage_reach where org_id = ${orgId}`;
    await testDb.sql`select refresh_deal_stage_reach(${orgId}::uuid, null)`;
    expect(await reach()).toEqual(reachBefore);
    const eventsBefore = await dealEvents();
    await testDb.sql`delete from deal_events where org_id = ${orgId}`;
    await testDb.sql`select refresh_deal_events(${orgId}::uuid, null)`;
    expect(await dealEvents()).toEqual(eventsBefore);
    const daysBefore = await dealDays();
    expect(daysBefore).toEqual(await rawDealDays());
    const winsBefore = await customerWins();
    await testDb.sql`delete from deal_days where org_id = ${orgId}`;
    await testDb.sql`delete from customer_wins where org_id = ${orgId}`;
    await testDb.sql`select rebuild_deal_rollups(${orgId}::uuid)`;
    expect(await dealEvents()).toEqual(eventsBefore);
    expect(await stays()).toEqual(staysBefore);
    expect(await dealDays()).toEqual(daysBefore);
    expect(await customerWins()).toEqual(winsBefore);
    await testDb.sql`delete from deal_open_spans where org_id = ${orgId}`;
    await testDb.sql`select refresh_deal_open_spans(${orgId}::uuid, null)`;
    await expectOpenDealsAsRaw();
  });
});

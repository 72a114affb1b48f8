DROP INDEX "deal_events_at_idx";--> statement-breakpoint
ALTER TABLE "deal_events" ADD COLUMN "credited_rep_id" bigint;--> statement-breakpoint
-- The rep credited with a deal event: the deal's owner at the event's moment (kpi-catalog **Who is credited**): the
-- last owner change at or before it; before the first change, that change's previous owner; without owner history,
-- the current owner. Arrays keep "a change to nobody" (null) apart from "no change found". The same rule as ownerAt
-- (server/kpi/sql/attribution.ts), which the statements over other rows use; deal_events carries it so the event
-- statements do not look it up per row.
CREATE FUNCTION deal_owner_at(p_org uuid, p_deal bigint, p_at timestamptz, p_current bigint) RETURNS bigint LANGUAGE sql STABLE AS $fn$
  select (coalesce(
    (select array[o.to_rep_id] from deal_owner_events o
      where o.org_id = p_org and o.deal_id = p_deal and o.at <= p_at order by o.at desc, o.id desc limit 1),
    (select array[o.from_rep_id] from deal_owner_events o
      where o.org_id = p_org and o.deal_id = p_deal and o.at > p_at order by o.at, o.id limit 1),
    array[p_current]
  ))[1]
$fn$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION refresh_deal_events(p_org uuid, p_deals bigint[]) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  IF p_deals IS NOT NULL THEN PERFORM lock_deals_for_rollups(p_org, p_deals); END IF;
  -- Planned per call (EXECUTE), not cached: a plan made while the table was small would stay.
  EXECUTE CASE WHEN p_deals IS NULL THEN 'delete from deal_events where org_id = $1'
    ELSE 'delete from deal_events where ctid = any (array(select x.ctid from unnest($2::bigint[]) u(id)
      cross join lateral (select ctid from deal_events x where x.org_id = $1 and x.deal_id = u.id offset 0) x))' END
    USING p_org, p_deals;
  EXECUTE format($q$
    insert into deal_events (org_id, deal_id, kind, at, deal_created_at, pipeline_id, channel_id, owner_rep_id,
      credited_rep_id, customer_id, qualified, loss_reason_id, amount, currency, margin,
      qualified_at, meeting_scheduled_at, meeting_held_at, proposal_at, won_at, fulfilled_at, provided, winnable,
      first_response_at, followed_up_at)
    select d.org_id, d.id, k.kind, k.at, d.created_at, d.pipeline_id, d.channel_id, d.owner_rep_id,
      case when oh.has_history then deal_owner_at(d.org_id, d.id, k.at, d.owner_rep_id) else d.owner_rep_id end,
      d.customer_id,
      r.qualified_at is not null,
      case when k.kind = 'lost' then d.loss_reason_id end,
      case when k.kind = 'won' then d.amount end,
      case when k.kind = 'won' then d.currency end,
      case when k.kind = 'won' then coalesce(d.margin, d.amount - d.cost) end,
      case when k.kind = 'created' then r.qualified_at end,
      case when k.kind = 'created' then r.meeting_scheduled_at end,
      case when k.kind = 'created' then r.meeting_held_at end,
      case when k.kind = 'created' then r.proposal_at end,
      case when k.kind = 'created' then w.won_at end,
      case when k.kind = 'created' then r.fulfilled_at end,
      ch.provided_by_company,
      k.kind = 'lost' and coalesce(lr.winnable, false),
      case when k.kind = 'created' then resp.first_response_at end,
      case when k.kind = 'created' then resp.followed_up_at end
    from %s
    cross join lateral deal_responses(d.org_id, d.id, d.created_at) resp
    cross join lateral (select exists (select 1 from deal_owner_events o where o.org_id = d.org_id and o.deal_id = d.id) as has_history) oh
    left join channels ch on ch.org_id = d.org_id and ch.id = d.channel_id
    left join loss_reasons lr on lr.org_id = d.org_id and lr.id = d.loss_reason_id
    cross join lateral (select case when d.status = 'won' then d.won_at end as won_at) w
    cross join lateral (select least(h.qualified_at, w.won_at) as qualified_at,
      least(h.meeting_scheduled_at, w.won_at) as meeting_scheduled_at, least(h.meeting_held_at, w.won_at) as meeting_held_at,
      least(h.proposal_at, w.won_at) as proposal_at, case when d.status = 'won' then h.fulfilled_at end as fulfilled_at) r
    cross join lateral (values
      ('created', d.created_at),
      ('qualified', r.qualified_at),
      ('meeting_scheduled', r.meeting_scheduled_at),
      ('meeting_held', r.meeting_held_at),
      ('proposal', r.proposal_at),
      ('won', w.won_at),
      ('fulfilled', r.fulfilled_at),
      ('lost', case when d.status = 'lost' then coalesce(h.lost_entered_at, d.lost_at) end)
    ) k(kind, at)
    where d.org_id = $1 and k.at is not null
  $q$, CASE WHEN p_deals IS NULL
    THEN 'deals d left join deal_facts h on h.org_id = d.org_id and h.deal_id = d.id'
    -- Look-ups by key per id, whatever the estimates (offset 0 keeps the planner from flattening them into a join).
    ELSE 'unnest($2::bigint[]) u(id)
      cross join lateral (select * from deals d where d.org_id = $1 and d.id = u.id offset 0) d
      left join lateral (select * from deal_facts h where h.org_id = $1 and h.deal_id = u.id offset 0) h on true' END)
  USING p_org, p_deals;
END
$fn$;
--> statement-breakpoint
-- A change to a deal's owner history moves the credit of its events.
CREATE FUNCTION deal_events_on_owner_events() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  r record;
BEGIN
  IF TG_OP = 'INSERT' THEN
    FOR r IN SELECT org_id, array_agg(DISTINCT deal_id) AS ids FROM new_rows GROUP BY org_id LOOP
      PERFORM refresh_deal_events(r.org_id, r.ids);
    END LOOP;
  ELSIF TG_OP = 'DELETE' THEN
    FOR r IN SELECT org_id, array_agg(DISTINCT deal_id) AS ids FROM old_rows GROUP BY org_id LOOP
      PERFORM refresh_deal_events(r.org_id, r.ids);
    END LOOP;
  ELSE
    FOR r IN SELECT org_id, array_agg(DISTINCT deal_id) AS ids
      FROM (SELECT org_id, deal_id FROM new_rows UNION SELECT org_id, deal_id FROM old_rows) x GROUP BY org_id LOOP
      PERFORM refresh_deal_events(r.org_id, r.ids);
    END LOOP;
  END IF;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE TRIGGER deal_events_owner_events_insert AFTER INSERT ON deal_owner_events REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_events_on_owner_events();
--> statement-breakpoint
CREATE TRIGGER deal_events_owner_events_update AFTER UPDATE ON deal_owner_events REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_events_on_owner_events();
--> statement-breakpoint
CREATE TRIGGER deal_events_owner_events_delete AFTER DELETE ON deal_owner_events REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_events_on_owner_events();
--> statement-breakpoint
-- Existing rows, before the index is built again.
UPDATE deal_events e SET credited_rep_id = CASE
  WHEN EXISTS (SELECT 1 FROM deal_owner_events o WHERE o.org_id = e.org_id AND o.deal_id = e.deal_id)
  THEN deal_owner_at(e.org_id, e.deal_id, e.at, e.owner_rep_id) ELSE e.owner_rep_id END;--> statement-breakpoint
CREATE INDEX "deal_events_at_idx" ON "deal_events" USING btree ("org_id","kind","at","deal_id","deal_created_at","pipeline_id","channel_id","owner_rep_id","credited_rep_id","customer_id","qualified","loss_reason_id","amount","currency","margin","qualified_at","meeting_scheduled_at","meeting_held_at","proposal_at","won_at","fulfilled_at","provided","winnable","first_response_at","followed_up_at");

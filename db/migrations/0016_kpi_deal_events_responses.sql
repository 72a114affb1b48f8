DROP INDEX "deal_events_at_idx";--> statement-breakpoint
ALTER TABLE "deal_events" ADD COLUMN "first_response_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "deal_events" ADD COLUMN "followed_up_at" timestamp with time zone;--> statement-breakpoint
-- A created row's first responses, from the deal's activities: the first completed outbound call, e-mail or message
-- since the deal's creation (response_time), and the first outbound activity of any type since then, done or else
-- created (leads_followed_up, meeting_acceptance). One definition for the refreshes below.
CREATE FUNCTION deal_responses(p_org uuid, p_deal bigint, p_since timestamptz)
  RETURNS TABLE (first_response_at timestamptz, followed_up_at timestamptz) LANGUAGE sql STABLE AS $fn$
  select
    min(a.completed_at) filter (where a.type in ('call', 'email', 'message') and a.direction = 'outbound' and a.completed_at >= p_since),
    min(coalesce(a.completed_at, a.created_at)) filter (where a.direction = 'outbound' and coalesce(a.completed_at, a.created_at) >= p_since)
  from activities a where a.org_id = p_org and a.deal_id = p_deal
$fn$;
--> statement-breakpoint
-- Refreshes of deal_events rows run in the transactions that write deals, stage history and activities. Two of them
-- on one deal at once (a sync's stage events beside its activities) could each miss what the other has not committed
-- yet, or change a row the other is deleting or updating, and a delete or an update that finds its row changed by
-- another transaction skips it. So the by-key refreshes of a deal take turns: they lock the deal's row (in id order,
-- so two refreshes cannot wait on each other), held until the transaction ends, and then read with a snapshot taken
-- after the other committed. A foreign-key check's share lock does not wait for it.
CREATE FUNCTION lock_deals_for_rollups(p_org uuid, p_deals bigint[]) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  EXECUTE 'select count(*) from (select distinct id from unnest($2::bigint[]) id order by id) u
    cross join lateral (select 1 from deals d where d.org_id = $1 and d.id = u.id offset 0 for no key update) d'
  USING p_org, p_deals;
END
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
      customer_id, qualified, loss_reason_id, amount, currency, margin,
      qualified_at, meeting_scheduled_at, meeting_held_at, proposal_at, won_at, fulfilled_at, provided, winnable,
      first_response_at, followed_up_at)
    select d.org_id, d.id, k.kind, k.at, d.created_at, d.pipeline_id, d.channel_id, d.owner_rep_id, d.customer_id,
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
-- The created rows of given deals take their responses again (rows left as they are when nothing changed).
CREATE FUNCTION refresh_deal_responses(p_org uuid, p_deals bigint[]) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM lock_deals_for_rollups(p_org, p_deals);
  -- Planned per call, by key whatever the estimates (as refresh_deal_events, migration 0014). The kind is tested
  -- outside the fenced look-up: with it inside, a never-analyzed table let the planner take deal_events_at_idx
  -- (org_id, kind, at, deal_id …) for it and read every created row per deal (21 s for a page of 5,000 deals).
  EXECUTE 'update deal_events e set first_response_at = r.first_response_at, followed_up_at = r.followed_up_at
    from (
      select c.ctid as row_id, x.first_response_at, x.followed_up_at
      from unnest($2::bigint[]) u(id)
      cross join lateral (select ctid, at, kind from deal_events c where c.org_id = $1 and c.deal_id = u.id offset 0) c
      cross join lateral deal_responses($1, u.id, c.at) x
      where c.kind = ''created''
    ) r
    where e.ctid = r.row_id and (e.first_response_at, e.followed_up_at) is distinct from (r.first_response_at, r.followed_up_at)'
  USING p_org, p_deals;
END
$fn$;
--> statement-breakpoint
CREATE FUNCTION deal_events_on_activities() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  r record;
BEGIN
  IF TG_OP = 'INSERT' THEN
    FOR r IN SELECT org_id, array_agg(DISTINCT deal_id) AS ids FROM new_rows WHERE deal_id IS NOT NULL GROUP BY org_id LOOP
      PERFORM refresh_deal_responses(r.org_id, r.ids);
    END LOOP;
  ELSIF TG_OP = 'DELETE' THEN
    FOR r IN SELECT org_id, array_agg(DISTINCT deal_id) AS ids FROM old_rows WHERE deal_id IS NOT NULL GROUP BY org_id LOOP
      PERFORM refresh_deal_responses(r.org_id, r.ids);
    END LOOP;
  ELSE
    FOR r IN SELECT org_id, array_agg(DISTINCT deal_id) AS ids
      FROM (SELECT org_id, deal_id FROM new_rows UNION SELECT org_id, deal_id FROM old_rows) x WHERE deal_id IS NOT NULL GROUP BY org_id LOOP
      PERFORM refresh_deal_responses(r.org_id, r.ids);
    END LOOP;
  END IF;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE TRIGGER deal_events_activities_insert AFTER INSERT ON activities REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_events_on_activities();
--> statement-breakpoint
CREATE TRIGGER deal_events_activities_update AFTER UPDATE ON activities REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_events_on_activities();
--> statement-breakpoint
CREATE TRIGGER deal_events_activities_delete AFTER DELETE ON activities REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_events_on_activities();
--> statement-breakpoint
-- Existing created rows take their responses (before the index is built again).
UPDATE deal_events e SET (first_response_at, followed_up_at) =
  (SELECT x.first_response_at, x.followed_up_at FROM deal_responses(e.org_id, e.deal_id, e.at) x) WHERE e.kind = 'created';--> statement-breakpoint
CREATE INDEX "deal_events_at_idx" ON "deal_events" USING btree ("org_id","kind","at","deal_id","deal_created_at","pipeline_id","channel_id","owner_rep_id","customer_id","qualified","loss_reason_id","amount","currency","margin","qualified_at","meeting_scheduled_at","meeting_held_at","proposal_at","won_at","fulfilled_at","provided","winnable","first_response_at","followed_up_at");
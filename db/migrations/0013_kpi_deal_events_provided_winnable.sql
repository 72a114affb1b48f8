DROP INDEX "deal_events_at_idx";--> statement-breakpoint
ALTER TABLE "deal_events" ADD COLUMN "provided" boolean;--> statement-breakpoint
ALTER TABLE "deal_events" ADD COLUMN "winnable" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- A channel's provider and a loss reason's winnable flag ride on the deal events (read per event otherwise), kept
-- by triggers on their tables; refresh_deal_events sets them for the deals it rebuilds.
CREATE OR REPLACE FUNCTION refresh_deal_events(p_org uuid, p_deals bigint[]) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  EXECUTE format($q$delete from deal_events where org_id = $1 %s$q$,
    CASE WHEN p_deals IS NULL THEN '' ELSE 'and deal_id = any ($2)' END) USING p_org, p_deals;
  EXECUTE format($q$
    insert into deal_events (org_id, deal_id, kind, at, deal_created_at, pipeline_id, channel_id, owner_rep_id,
      customer_id, qualified, loss_reason_id, amount, currency, margin,
      qualified_at, meeting_scheduled_at, meeting_held_at, proposal_at, won_at, fulfilled_at, provided, winnable)
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
      k.kind = 'lost' and coalesce(lr.winnable, false)
    from deals d
    left join deal_facts h on h.org_id = d.org_id and h.deal_id = d.id
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
    where d.org_id = $1 %s and k.at is not null
  $q$, CASE WHEN p_deals IS NULL THEN '' ELSE 'and d.id = any ($2)' END) USING p_org, p_deals;
END
$fn$;
--> statement-breakpoint
CREATE FUNCTION deal_events_on_channels_updated() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  UPDATE deal_events e SET provided = n.provided_by_company
  FROM new_rows n JOIN old_rows o ON o.org_id = n.org_id AND o.id = n.id
  WHERE n.provided_by_company IS DISTINCT FROM o.provided_by_company AND e.org_id = n.org_id AND e.channel_id = n.id;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE TRIGGER deal_events_channels_update AFTER UPDATE ON channels REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_events_on_channels_updated();
--> statement-breakpoint
CREATE FUNCTION deal_events_on_loss_reasons_updated() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  UPDATE deal_events e SET winnable = n.winnable
  FROM new_rows n JOIN old_rows o ON o.org_id = n.org_id AND o.id = n.id
  WHERE n.winnable IS DISTINCT FROM o.winnable AND e.org_id = n.org_id AND e.kind = 'lost' AND e.loss_reason_id = n.id;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE TRIGGER deal_events_loss_reasons_update AFTER UPDATE ON loss_reasons REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_events_on_loss_reasons_updated();
--> statement-breakpoint
UPDATE deal_events e SET provided = c.provided_by_company FROM channels c WHERE c.org_id = e.org_id AND c.id = e.channel_id;
--> statement-breakpoint
UPDATE deal_events e SET winnable = r.winnable FROM loss_reasons r WHERE e.kind = 'lost' AND r.org_id = e.org_id AND r.id = e.loss_reason_id;
--> statement-breakpoint
CREATE INDEX "deal_events_at_idx" ON "deal_events" USING btree ("org_id","kind","at","deal_id","deal_created_at","pipeline_id","channel_id","owner_rep_id","customer_id","qualified","loss_reason_id","amount","currency","margin","qualified_at","meeting_scheduled_at","meeting_held_at","proposal_at","won_at","fulfilled_at","provided","winnable");

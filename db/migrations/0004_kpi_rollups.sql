CREATE TABLE "deal_facts" (
	"org_id" uuid NOT NULL,
	"deal_id" bigint NOT NULL,
	"qualified_at" timestamp with time zone,
	"meeting_scheduled_at" timestamp with time zone,
	"meeting_held_at" timestamp with time zone,
	"proposal_at" timestamp with time zone,
	"negotiation_at" timestamp with time zone,
	"won_at" timestamp with time zone,
	"fulfilled_at" timestamp with time zone,
	"lost_entered_at" timestamp with time zone,
	"last_stage_id" bigint,
	"last_stage_at" timestamp with time zone,
	"last_step" "funnel_step",
	CONSTRAINT "deal_facts_org_id_deal_id_pk" PRIMARY KEY("org_id","deal_id")
);
--> statement-breakpoint
ALTER TABLE "deal_facts" ADD CONSTRAINT "deal_facts_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_facts" ADD CONSTRAINT "deal_facts_deal_fk" FOREIGN KEY ("org_id","deal_id") REFERENCES "public"."deals"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deal_facts_qualified_idx" ON "deal_facts" USING btree ("org_id","qualified_at");--> statement-breakpoint
CREATE INDEX "deal_facts_meeting_scheduled_idx" ON "deal_facts" USING btree ("org_id","meeting_scheduled_at");--> statement-breakpoint
CREATE INDEX "deal_facts_meeting_held_idx" ON "deal_facts" USING btree ("org_id","meeting_held_at");--> statement-breakpoint
CREATE INDEX "deal_facts_proposal_idx" ON "deal_facts" USING btree ("org_id","proposal_at");--> statement-breakpoint
CREATE INDEX "deal_facts_negotiation_idx" ON "deal_facts" USING btree ("org_id","negotiation_at");--> statement-breakpoint
CREATE INDEX "deal_facts_fulfilled_idx" ON "deal_facts" USING btree ("org_id","fulfilled_at");--> statement-breakpoint
CREATE INDEX "deal_facts_lost_idx" ON "deal_facts" USING btree ("org_id","lost_entered_at");--> statement-breakpoint
CREATE INDEX "deal_facts_last_stage_idx" ON "deal_facts" USING btree ("org_id","last_stage_at");--> statement-breakpoint
CREATE INDEX "deal_facts_open_idx" ON "deal_facts" USING btree ("org_id","last_stage_at") WHERE last_step is null or last_step not in ('won', 'fulfilled', 'lost');--> statement-breakpoint
CREATE INDEX "deal_facts_no_history_idx" ON "deal_facts" USING btree ("org_id","deal_id") WHERE last_stage_at is null;--> statement-breakpoint
CREATE INDEX "deals_lost_idx" ON "deals" USING btree ("org_id","lost_at");--> statement-breakpoint
-- deal_facts is maintained by the database itself, so every write path (CRM sync, CSV import, the demo loader,
-- pipeline-mapping changes, tests writing rows directly) keeps it current. refresh_deal_facts(org, null) rebuilds
-- an organization's rows from scratch. The per-step sets follow the funnel ladder (db/schema/sales.ts funnelSteps).
CREATE FUNCTION refresh_deal_facts(p_org uuid, p_deals bigint[]) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  EXECUTE format($q$
    insert into deal_facts as f (org_id, deal_id, qualified_at, meeting_scheduled_at, meeting_held_at, proposal_at,
      negotiation_at, won_at, fulfilled_at, lost_entered_at, last_stage_id, last_stage_at, last_step)
    select d.org_id, d.id, h.qualified_at, h.meeting_scheduled_at, h.meeting_held_at, h.proposal_at,
      h.negotiation_at, h.won_at, h.fulfilled_at, h.lost_entered_at, h.last_stage_id, h.last_stage_at, h.last_step
    from deals d
    left join lateral (
      select
        min(e.at) filter (where s.funnel_step in ('qualified', 'meeting_scheduled', 'meeting_held', 'proposal', 'negotiation', 'won', 'fulfilled')) as qualified_at,
        min(e.at) filter (where s.funnel_step in ('meeting_scheduled', 'meeting_held', 'proposal', 'negotiation', 'won', 'fulfilled')) as meeting_scheduled_at,
        min(e.at) filter (where s.funnel_step in ('meeting_held', 'proposal', 'negotiation', 'won', 'fulfilled')) as meeting_held_at,
        min(e.at) filter (where s.funnel_step in ('proposal', 'negotiation', 'won', 'fulfilled')) as proposal_at,
        min(e.at) filter (where s.funnel_step in ('negotiation', 'won', 'fulfilled')) as negotiation_at,
        min(e.at) filter (where s.funnel_step in ('won', 'fulfilled')) as won_at,
        min(e.at) filter (where s.funnel_step = 'fulfilled') as fulfilled_at,
        max(e.at) filter (where s.funnel_step = 'lost') as lost_entered_at,
        (array_agg(e.to_stage_id order by e.at desc, e.id desc))[1] as last_stage_id,
        max(e.at) as last_stage_at,
        (array_agg(s.funnel_step order by e.at desc, e.id desc))[1] as last_step
      from deal_stage_events e
      join stages s on s.org_id = e.org_id and s.id = e.to_stage_id
      where e.org_id = d.org_id and e.deal_id = d.id
    ) h on true
    where d.org_id = $1 %s
    on conflict (org_id, deal_id) do update set qualified_at = excluded.qualified_at,
      meeting_scheduled_at = excluded.meeting_scheduled_at, meeting_held_at = excluded.meeting_held_at,
      proposal_at = excluded.proposal_at, negotiation_at = excluded.negotiation_at, won_at = excluded.won_at,
      fulfilled_at = excluded.fulfilled_at, lost_entered_at = excluded.lost_entered_at,
      last_stage_id = excluded.last_stage_id, last_stage_at = excluded.last_stage_at, last_step = excluded.last_step
    where (f.qualified_at, f.meeting_scheduled_at, f.meeting_held_at, f.proposal_at, f.negotiation_at, f.won_at,
        f.fulfilled_at, f.lost_entered_at, f.last_stage_id, f.last_stage_at, f.last_step)
      is distinct from (excluded.qualified_at, excluded.meeting_scheduled_at, excluded.meeting_held_at,
        excluded.proposal_at, excluded.negotiation_at, excluded.won_at, excluded.fulfilled_at,
        excluded.lost_entered_at, excluded.last_stage_id, excluded.last_stage_at, excluded.last_step)
  $q$, CASE WHEN p_deals IS NULL THEN '' ELSE 'and d.id = any ($2)' END) USING p_org, p_deals;
END
$fn$;
--> statement-breakpoint
CREATE FUNCTION deal_facts_on_deals_inserted() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO deal_facts (org_id, deal_id) SELECT n.org_id, n.id FROM new_rows n ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE TRIGGER deal_facts_deals_insert AFTER INSERT ON deals REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_facts_on_deals_inserted();
--> statement-breakpoint
CREATE FUNCTION deal_facts_on_stage_events() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  r record;
BEGIN
  IF TG_OP = 'INSERT' THEN
    FOR r IN SELECT org_id, array_agg(DISTINCT deal_id) AS ids FROM new_rows GROUP BY org_id LOOP
      PERFORM refresh_deal_facts(r.org_id, r.ids);
    END LOOP;
  ELSIF TG_OP = 'DELETE' THEN
    FOR r IN SELECT org_id, array_agg(DISTINCT deal_id) AS ids FROM old_rows GROUP BY org_id LOOP
      PERFORM refresh_deal_facts(r.org_id, r.ids);
    END LOOP;
  ELSE
    FOR r IN SELECT org_id, array_agg(DISTINCT deal_id) AS ids
      FROM (SELECT org_id, deal_id FROM new_rows UNION SELECT org_id, deal_id FROM old_rows) x GROUP BY org_id LOOP
      PERFORM refresh_deal_facts(r.org_id, r.ids);
    END LOOP;
  END IF;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE TRIGGER deal_facts_stage_events_insert AFTER INSERT ON deal_stage_events REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_facts_on_stage_events();
--> statement-breakpoint
CREATE TRIGGER deal_facts_stage_events_update AFTER UPDATE ON deal_stage_events REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_facts_on_stage_events();
--> statement-breakpoint
CREATE TRIGGER deal_facts_stage_events_delete AFTER DELETE ON deal_stage_events REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_facts_on_stage_events();
--> statement-breakpoint
-- A stage mapped to another funnel step changes the facts of every deal that ever entered it.
CREATE FUNCTION deal_facts_on_stages_updated() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT e.org_id, array_agg(DISTINCT e.deal_id) AS ids
    FROM new_rows n JOIN old_rows o ON o.org_id = n.org_id AND o.id = n.id
    JOIN deal_stage_events e ON e.org_id = n.org_id AND e.to_stage_id = n.id
    WHERE n.funnel_step IS DISTINCT FROM o.funnel_step
    GROUP BY e.org_id LOOP
    PERFORM refresh_deal_facts(r.org_id, r.ids);
  END LOOP;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE TRIGGER deal_facts_stages_update AFTER UPDATE ON stages REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_facts_on_stages_updated();
--> statement-breakpoint
SELECT refresh_deal_facts(o.id, null) FROM organizations o;

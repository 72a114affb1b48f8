CREATE TABLE "deal_events" (
	"org_id" uuid NOT NULL,
	"deal_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"deal_created_at" timestamp with time zone NOT NULL,
	"pipeline_id" bigint NOT NULL,
	"channel_id" bigint,
	"owner_rep_id" bigint,
	"customer_id" bigint,
	"qualified" boolean NOT NULL,
	"loss_reason_id" bigint,
	"amount" numeric(18, 2),
	"currency" text,
	"margin" numeric(18, 2),
	"qualified_at" timestamp with time zone,
	"meeting_scheduled_at" timestamp with time zone,
	"meeting_held_at" timestamp with time zone,
	"proposal_at" timestamp with time zone,
	"won_at" timestamp with time zone,
	"fulfilled_at" timestamp with time zone,
	CONSTRAINT "deal_events_org_id_deal_id_kind_pk" PRIMARY KEY("org_id","deal_id","kind")
);
--> statement-breakpoint
ALTER TABLE "deal_events" ADD CONSTRAINT "deal_events_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_events" ADD CONSTRAINT "deal_events_deal_fk" FOREIGN KEY ("org_id","deal_id") REFERENCES "public"."deals"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deal_events_at_idx" ON "deal_events" USING btree ("org_id","kind","at","deal_id","deal_created_at","pipeline_id","channel_id","owner_rep_id","customer_id","qualified","loss_reason_id","amount","currency","margin","qualified_at","meeting_scheduled_at","meeting_held_at","proposal_at","won_at","fulfilled_at");--> statement-breakpoint
-- deal_events is maintained by the database like deal_facts (0004): every write path keeps it current.
-- refresh_deal_events(org, null) rebuilds an organization's rows from scratch. The moments follow dealStepReach
-- (server/kpi/sql/step-reach.ts); server/kpi/deal-facts.integration.test.ts checks the two agree.
CREATE FUNCTION refresh_deal_events(p_org uuid, p_deals bigint[]) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  EXECUTE format($q$delete from deal_events where org_id = $1 %s$q$,
    CASE WHEN p_deals IS NULL THEN '' ELSE 'and deal_id = any ($2)' END) USING p_org, p_deals;
  EXECUTE format($q$
    insert into deal_events (org_id, deal_id, kind, at, deal_created_at, pipeline_id, channel_id, owner_rep_id,
      customer_id, qualified, loss_reason_id, amount, currency, margin,
      qualified_at, meeting_scheduled_at, meeting_held_at, proposal_at, won_at, fulfilled_at)
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
      case when k.kind = 'created' then r.fulfilled_at end
    from deals d
    left join deal_facts h on h.org_id = d.org_id and h.deal_id = d.id
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
-- A new deal gets its (empty) deal_facts row from deals' insert trigger, and a changed stage history changes that
-- row: both refresh the deal's events.
CREATE FUNCTION deal_events_on_deal_facts() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT org_id, array_agg(deal_id) AS ids FROM new_rows GROUP BY org_id LOOP
    PERFORM refresh_deal_events(r.org_id, r.ids);
  END LOOP;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE TRIGGER deal_events_deal_facts_insert AFTER INSERT ON deal_facts REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_events_on_deal_facts();
--> statement-breakpoint
CREATE TRIGGER deal_events_deal_facts_update AFTER UPDATE ON deal_facts REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_events_on_deal_facts();
--> statement-breakpoint
-- A re-synced deal is rewritten whether or not it changed: only a change of a column the events carry refreshes them.
CREATE FUNCTION deal_events_on_deals_updated() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT n.org_id, array_agg(n.id) AS ids
    FROM new_rows n JOIN old_rows o ON o.org_id = n.org_id AND o.id = n.id
    WHERE (n.status, n.created_at, n.won_at, n.lost_at, n.pipeline_id, n.channel_id, n.owner_rep_id, n.customer_id,
        n.loss_reason_id, n.amount, n.currency, n.margin, n.cost)
      IS DISTINCT FROM (o.status, o.created_at, o.won_at, o.lost_at, o.pipeline_id, o.channel_id, o.owner_rep_id,
        o.customer_id, o.loss_reason_id, o.amount, o.currency, o.margin, o.cost)
    GROUP BY n.org_id LOOP
    PERFORM refresh_deal_events(r.org_id, r.ids);
  END LOOP;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE TRIGGER deal_events_deals_update AFTER UPDATE ON deals REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_events_on_deals_updated();
--> statement-breakpoint
SELECT refresh_deal_events(o.id, null) FROM organizations o;

CREATE TABLE "deal_open_spans" (
	"org_id" uuid NOT NULL,
	"deal_id" bigint NOT NULL,
	"since" timestamp with time zone NOT NULL,
	"until" timestamp with time zone,
	"has_history" boolean NOT NULL,
	"stage_id" bigint,
	"qualified_at" timestamp with time zone,
	"deal_created_at" timestamp with time zone NOT NULL,
	"pipeline_id" bigint NOT NULL,
	"channel_id" bigint,
	"owner_rep_id" bigint,
	"amount" numeric(18, 2),
	"currency" text,
	"expected_close_date" date,
	CONSTRAINT "deal_open_spans_org_id_deal_id_pk" PRIMARY KEY("org_id","deal_id")
);
--> statement-breakpoint
ALTER TABLE "deal_open_spans" ADD CONSTRAINT "deal_open_spans_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_open_spans" ADD CONSTRAINT "deal_open_spans_deal_fk" FOREIGN KEY ("org_id","deal_id") REFERENCES "public"."deals"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deal_open_spans_since_idx" ON "deal_open_spans" USING btree ("org_id","since","until","deal_id","has_history","stage_id","qualified_at","deal_created_at","pipeline_id","channel_id","owner_rep_id","amount","currency","expected_close_date");--> statement-breakpoint
-- deal_open_spans is maintained with deal_events (0011), by the same triggers; refresh_deal_open_spans(org, null)
-- rebuilds an organization's rows. The spans follow the snapshot rule of server/kpi/sql/snapshot.ts (openAt, for a
-- moment after the deal's last stage change); server/kpi/deal-facts.integration.test.ts checks the two agree.
CREATE FUNCTION refresh_deal_open_spans(p_org uuid, p_deals bigint[]) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  EXECUTE format($q$delete from deal_open_spans where org_id = $1 %s$q$,
    CASE WHEN p_deals IS NULL THEN '' ELSE 'and deal_id = any ($2)' END) USING p_org, p_deals;
  EXECUTE format($q$
    insert into deal_open_spans (org_id, deal_id, since, until, has_history, stage_id, qualified_at, deal_created_at,
      pipeline_id, channel_id, owner_rep_id, amount, currency, expected_close_date)
    select d.org_id, d.id, s.since, s.until, s.has_history, s.stage_id, s.qualified_at, d.created_at,
      d.pipeline_id, d.channel_id, d.owner_rep_id, d.amount, d.currency, d.expected_close_date
    from deals d
    left join deal_facts h on h.org_id = d.org_id and h.deal_id = d.id
    cross join lateral (
      -- Open since its last stage, which is open.
      select h.last_stage_at as since, null::timestamptz as until, true as has_history, h.last_stage_id as stage_id, h.qualified_at
      where h.last_stage_at is not null and (h.last_step is null or h.last_step not in ('won', 'fulfilled', 'lost'))
      union all
      -- No history: open from creation until its close time (a deal won or lost without one is not open at all).
      select d.created_at, case d.status when 'won' then d.won_at when 'lost' then d.lost_at end, false, d.stage_id, null
      where h.last_stage_at is null
        and not (d.status = 'won' and d.won_at is null) and not (d.status = 'lost' and d.lost_at is null)
    ) s
    where d.org_id = $1 %s
  $q$, CASE WHEN p_deals IS NULL THEN '' ELSE 'and d.id = any ($2)' END) USING p_org, p_deals;
END
$fn$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION deal_events_on_deal_facts() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT org_id, array_agg(deal_id) AS ids FROM new_rows GROUP BY org_id LOOP
    PERFORM refresh_deal_events(r.org_id, r.ids);
    PERFORM refresh_deal_open_spans(r.org_id, r.ids);
  END LOOP;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION deal_events_on_deals_updated() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT n.org_id, array_agg(n.id) AS ids
    FROM new_rows n JOIN old_rows o ON o.org_id = n.org_id AND o.id = n.id
    WHERE (n.status, n.created_at, n.won_at, n.lost_at, n.pipeline_id, n.channel_id, n.owner_rep_id, n.customer_id,
        n.loss_reason_id, n.amount, n.currency, n.margin, n.cost, n.stage_id, n.expected_close_date)
      IS DISTINCT FROM (o.status, o.created_at, o.won_at, o.lost_at, o.pipeline_id, o.channel_id, o.owner_rep_id,
        o.customer_id, o.loss_reason_id, o.amount, o.currency, o.margin, o.cost, o.stage_id, o.expected_close_date)
    GROUP BY n.org_id LOOP
    PERFORM refresh_deal_events(r.org_id, r.ids);
    PERFORM refresh_deal_open_spans(r.org_id, r.ids);
  END LOOP;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
SELECT refresh_deal_open_spans(o.id, null) FROM organizations o;

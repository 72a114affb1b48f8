CREATE TABLE "deal_stage_stays" (
	"org_id" uuid NOT NULL,
	"event_id" bigint NOT NULL,
	"deal_id" bigint NOT NULL,
	"stage_id" bigint NOT NULL,
	"entered_at" timestamp with time zone NOT NULL,
	"left_at" timestamp with time zone,
	"prior" interval NOT NULL,
	CONSTRAINT "deal_stage_stays_org_id_event_id_pk" PRIMARY KEY("org_id","event_id")
);
--> statement-breakpoint
ALTER TABLE "deal_stage_stays" ADD CONSTRAINT "deal_stage_stays_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deal_stage_stays" ADD CONSTRAINT "deal_stage_stays_deal_fk" FOREIGN KEY ("org_id","deal_id") REFERENCES "public"."deals"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deal_stage_stays_deal_idx" ON "deal_stage_stays" USING btree ("org_id","deal_id");--> statement-breakpoint
CREATE INDEX "deal_stage_stays_left_idx" ON "deal_stage_stays" USING btree ("org_id","left_at");--> statement-breakpoint
CREATE INDEX "deal_stage_stays_open_idx" ON "deal_stage_stays" USING btree ("org_id","entered_at") WHERE left_at is null;--> statement-breakpoint
-- deal_stage_stays is maintained by the database like deal_facts (0004): the stage-event triggers refresh both.
-- refresh_deal_stage_stays(org, null) rebuilds an organization's rows from scratch.
CREATE FUNCTION refresh_deal_stage_stays(p_org uuid, p_deals bigint[]) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  EXECUTE format($q$delete from deal_stage_stays where org_id = $1 %s$q$,
    CASE WHEN p_deals IS NULL THEN '' ELSE 'and deal_id = any ($2)' END) USING p_org, p_deals;
  EXECUTE format($q$
    insert into deal_stage_stays (org_id, event_id, deal_id, stage_id, entered_at, left_at, prior)
    select s.org_id, s.id, s.deal_id, s.to_stage_id, s.at, s.left_at,
      coalesce(sum(s.left_at - s.at) over (partition by s.deal_id, s.to_stage_id order by s.at, s.id
        rows between unbounded preceding and 1 preceding), interval '0')
    from (
      select e.org_id, e.id, e.deal_id, e.to_stage_id, e.at, lead(e.at) over (partition by e.deal_id order by e.at, e.id) as left_at
      from deal_stage_events e
      where e.org_id = $1 %s
    ) s
  $q$, CASE WHEN p_deals IS NULL THEN '' ELSE 'and e.deal_id = any ($2)' END) USING p_org, p_deals;
END
$fn$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION deal_facts_on_stage_events() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  r record;
BEGIN
  IF TG_OP = 'INSERT' THEN
    FOR r IN SELECT org_id, array_agg(DISTINCT deal_id) AS ids FROM new_rows GROUP BY org_id LOOP
      PERFORM refresh_deal_facts(r.org_id, r.ids);
      PERFORM refresh_deal_stage_stays(r.org_id, r.ids);
    END LOOP;
  ELSIF TG_OP = 'DELETE' THEN
    FOR r IN SELECT org_id, array_agg(DISTINCT deal_id) AS ids FROM old_rows GROUP BY org_id LOOP
      PERFORM refresh_deal_facts(r.org_id, r.ids);
      PERFORM refresh_deal_stage_stays(r.org_id, r.ids);
    END LOOP;
  ELSE
    FOR r IN SELECT org_id, array_agg(DISTINCT deal_id) AS ids
      FROM (SELECT org_id, deal_id FROM new_rows UNION SELECT org_id, deal_id FROM old_rows) x GROUP BY org_id LOOP
      PERFORM refresh_deal_facts(r.org_id, r.ids);
      PERFORM refresh_deal_stage_stays(r.org_id, r.ids);
    END LOOP;
  END IF;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
SELECT refresh_deal_stage_stays(o.id, null) FROM organizations o;

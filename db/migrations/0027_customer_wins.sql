CREATE TABLE "customer_wins" (
	"org_id" uuid NOT NULL,
	"deal_id" bigint NOT NULL,
	"customer_id" bigint NOT NULL,
	"won_at" timestamp with time zone NOT NULL,
	"next_won_at" timestamp with time zone,
	"first_win" boolean NOT NULL,
	"credited_rep_id" bigint,
	"owner_rep_id" bigint,
	"pipeline_id" bigint NOT NULL,
	"channel_id" bigint,
	"amount" numeric(18, 2),
	"currency" text,
	CONSTRAINT "customer_wins_org_id_deal_id_pk" PRIMARY KEY("org_id","deal_id")
);
--> statement-breakpoint
ALTER TABLE "customer_wins" ADD CONSTRAINT "customer_wins_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_wins_won_idx" ON "customer_wins" USING btree ("org_id","won_at","next_won_at","customer_id","deal_id","first_win","credited_rep_id","owner_rep_id","pipeline_id","channel_id","amount","currency");--> statement-breakpoint
CREATE INDEX "customer_wins_customer_idx" ON "customer_wins" USING btree ("org_id","customer_id","won_at");--> statement-breakpoint
-- customer_wins of an org's customers `p_customers` (null: every customer) rewritten from deal_events' won rows.
-- Locks first: two transactions rewriting one customer (wins of its deals synced in parallel) would otherwise both
-- insert its rows, or order them without the other's win. A whole-org rewrite takes the org's lock exclusively, a
-- customer's rewrite shares it. Planned per call (EXECUTE): a plan made while the table was small would stay.
CREATE FUNCTION refresh_customer_wins(p_org uuid, p_customers bigint[]) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  IF p_customers IS NULL THEN
    PERFORM pg_advisory_xact_lock(hashtextextended('customer_wins/' || p_org::text, 0));
  ELSE
    PERFORM pg_advisory_xact_lock_shared(hashtextextended('customer_wins/' || p_org::text, 0));
    PERFORM pg_advisory_xact_lock(hashtextextended('customer_wins/' || p_org::text || '/' || u.id, 0))
      FROM (SELECT DISTINCT id FROM unnest(p_customers) id ORDER BY id) u;
  END IF;
  EXECUTE 'delete from customer_wins where org_id = $1' || CASE WHEN p_customers IS NULL THEN '' ELSE ' and customer_id = any ($2)' END
    USING p_org, p_customers;
  EXECUTE 'insert into customer_wins (org_id, deal_id, customer_id, won_at, next_won_at, first_win, credited_rep_id, owner_rep_id,
      pipeline_id, channel_id, amount, currency)
    select e.org_id, e.deal_id, e.customer_id, e.at, lead(e.at) over w, row_number() over w = 1, e.credited_rep_id, e.owner_rep_id,
      e.pipeline_id, e.channel_id, e.amount, e.currency
    from deal_events e
    where e.org_id = $1 and e.kind = ''won'' and e.customer_id is not null'
    || CASE WHEN p_customers IS NULL THEN '' ELSE ' and e.customer_id = any ($2)' END || '
    window w as (partition by e.customer_id order by e.at, e.deal_id)'
    USING p_org, p_customers;
END
$fn$;
--> statement-breakpoint
-- Statement triggers on deal_events: the customers of the won rows a statement added, took away or changed (in a
-- column customer_wins copies) are rewritten; unchanged rewrites (a deal re-synced) touch none. A statement over
-- 100,000 won rows rewrites its orgs whole. rebuild_deal_rollups turns them off with salespulse.customer_wins = 'off'.
CREATE FUNCTION customer_wins_on_events() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  v_old deal_events[] := '{}';
  v_new deal_events[] := '{}';
  r record;
BEGIN
  IF current_setting('salespulse.customer_wins', true) = 'off' THEN RETURN NULL; END IF;
  IF TG_OP <> 'INSERT' THEN
    SELECT coalesce(array_agg(o), '{}') INTO v_old FROM old_rows o WHERE o.kind = 'won' AND o.customer_id IS NOT NULL;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    SELECT coalesce(array_agg(n), '{}') INTO v_new FROM new_rows n WHERE n.kind = 'won' AND n.customer_id IS NOT NULL;
  END IF;
  IF cardinality(v_old) + cardinality(v_new) = 0 THEN RETURN NULL; END IF;
  FOR r IN
    WITH o AS (SELECT org_id, deal_id, customer_id, at, credited_rep_id, owner_rep_id, pipeline_id, channel_id, amount, currency FROM unnest(v_old)),
      n AS (SELECT org_id, deal_id, customer_id, at, credited_rep_id, owner_rep_id, pipeline_id, channel_id, amount, currency FROM unnest(v_new))
    SELECT x.org_id, array_agg(DISTINCT x.customer_id) AS customers, count(*) AS n
    FROM ((TABLE o EXCEPT ALL TABLE n) UNION ALL (TABLE n EXCEPT ALL TABLE o)) x
    GROUP BY x.org_id
  LOOP
    PERFORM refresh_customer_wins(r.org_id, CASE WHEN r.n > 100000 THEN NULL ELSE r.customers END);
  END LOOP;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE TRIGGER customer_wins_on_insert AFTER INSERT ON deal_events REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION customer_wins_on_events();
--> statement-breakpoint
CREATE TRIGGER customer_wins_on_update AFTER UPDATE ON deal_events REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION customer_wins_on_events();
--> statement-breakpoint
CREATE TRIGGER customer_wins_on_delete AFTER DELETE ON deal_events REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION customer_wins_on_events();
--> statement-breakpoint
-- rebuild_deal_rollups (migration 0026) with customer_wins rewritten once, after deal_events.
CREATE OR REPLACE FUNCTION rebuild_deal_rollups(p_org uuid) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM set_config('salespulse.deal_days', 'off', true);
  PERFORM set_config('salespulse.customer_wins', 'off', true);
  PERFORM refresh_deal_facts(p_org, null);
  PERFORM refresh_deal_stage_stays(p_org, null);
  PERFORM refresh_deal_stage_reach(p_org, null);
  -- After deal_facts: the events read it.
  PERFORM refresh_deal_events(p_org, null);
  PERFORM refresh_deal_open_spans(p_org, null);
  PERFORM set_config('salespulse.deal_days', 'on', true);
  PERFORM set_config('salespulse.customer_wins', 'on', true);
  PERFORM refresh_deal_days(p_org);
  PERFORM refresh_customer_wins(p_org, null);
END
$fn$;
--> statement-breakpoint
SELECT refresh_customer_wins(o.id, null) FROM organizations o;

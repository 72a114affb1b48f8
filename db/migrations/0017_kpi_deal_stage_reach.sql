CREATE TABLE "deal_stage_reach" (
	"org_id" uuid NOT NULL,
	"deal_id" bigint NOT NULL,
	"stage_id" bigint NOT NULL,
	"deal_created_at" timestamp with time zone NOT NULL,
	"entered_at" timestamp with time zone NOT NULL,
	"advanced_at" timestamp with time zone,
	CONSTRAINT "deal_stage_reach_org_id_deal_id_stage_id_pk" PRIMARY KEY("org_id","deal_id","stage_id")
);
--> statement-breakpoint
ALTER TABLE "deal_stage_reach" ADD CONSTRAINT "deal_stage_reach_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- deal_stage_reach: per deal and stage entered, the first entry and the first later entry (by at, then id) into a
-- higher stage of the same pipeline that is not lost. Given deals are looked up by key (offset 0), as in 0014.
CREATE FUNCTION refresh_deal_stage_reach(p_org uuid, p_deals bigint[]) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  EXECUTE CASE WHEN p_deals IS NULL THEN 'delete from deal_stage_reach where org_id = $1'
    ELSE 'delete from deal_stage_reach where ctid = any (array(select x.ctid from unnest($2::bigint[]) u(id)
      cross join lateral (select ctid from deal_stage_reach x where x.org_id = $1 and x.deal_id = u.id offset 0) x))' END
    USING p_org, p_deals;
  EXECUTE format($q$
    insert into deal_stage_reach (org_id, deal_id, stage_id, deal_created_at, entered_at, advanced_at)
    with moves as (
      select e.deal_id, e.to_stage_id as stage_id, e.at, st.pipeline_id, st.position, st.funnel_step is not distinct from 'lost' as lost,
        row_number() over (partition by e.deal_id order by e.at, e.id) as seq
      from (%s) e
      join stages st on st.org_id = e.org_id and st.id = e.to_stage_id
    ),
    firsts as (select distinct on (m.deal_id, m.stage_id) m.* from moves m order by m.deal_id, m.stage_id, m.seq)
    select $1, f.deal_id, f.stage_id, d.created_at, f.at, min(l.at)
    from firsts f
    cross join lateral (select d.created_at from deals d where d.org_id = $1 and d.id = f.deal_id offset 0) d
    left join moves l on l.deal_id = f.deal_id and l.seq > f.seq and l.pipeline_id = f.pipeline_id and not l.lost and l.position > f.position
    group by f.deal_id, f.stage_id, d.created_at, f.at
  $q$, CASE WHEN p_deals IS NULL THEN 'select * from deal_stage_events e where e.org_id = $1'
    ELSE 'select e.* from unnest($2::bigint[]) u(id)
      cross join lateral (select * from deal_stage_events e where e.org_id = $1 and e.deal_id = u.id offset 0) e' END)
  USING p_org, p_deals;
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
      PERFORM refresh_deal_stage_reach(r.org_id, r.ids);
    END LOOP;
  ELSIF TG_OP = 'DELETE' THEN
    FOR r IN SELECT org_id, array_agg(DISTINCT deal_id) AS ids FROM old_rows GROUP BY org_id LOOP
      PERFORM refresh_deal_facts(r.org_id, r.ids);
      PERFORM refresh_deal_stage_stays(r.org_id, r.ids);
      PERFORM refresh_deal_stage_reach(r.org_id, r.ids);
    END LOOP;
  ELSE
    FOR r IN SELECT org_id, array_agg(DISTINCT deal_id) AS ids
      FROM (SELECT org_id, deal_id FROM new_rows UNION SELECT org_id, deal_id FROM old_rows) x GROUP BY org_id LOOP
      PERFORM refresh_deal_facts(r.org_id, r.ids);
      PERFORM refresh_deal_stage_stays(r.org_id, r.ids);
      PERFORM refresh_deal_stage_reach(r.org_id, r.ids);
    END LOOP;
  END IF;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
-- A stage moved in its pipeline's order, to another pipeline, or marked lost or not: the reach of every deal that
-- entered a stage of the pipelines it was or is in.
CREATE FUNCTION deal_stage_reach_on_stages_updated() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT e.org_id, array_agg(DISTINCT e.deal_id) AS ids
    FROM (
      SELECT n.org_id, unnest(array[n.pipeline_id, o.pipeline_id]) AS pipeline_id
      FROM new_rows n JOIN old_rows o ON o.org_id = n.org_id AND o.id = n.id
      WHERE (n.position, n.pipeline_id, n.funnel_step is not distinct from 'lost')
        IS DISTINCT FROM (o.position, o.pipeline_id, o.funnel_step is not distinct from 'lost')
    ) p
    JOIN stages s ON s.org_id = p.org_id AND s.pipeline_id = p.pipeline_id
    JOIN deal_stage_events e ON e.org_id = s.org_id AND e.to_stage_id = s.id
    GROUP BY e.org_id LOOP
    PERFORM refresh_deal_stage_reach(r.org_id, r.ids);
  END LOOP;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE TRIGGER deal_stage_reach_stages_update AFTER UPDATE ON stages REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_stage_reach_on_stages_updated();
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
  -- deal_stage_reach carries the deal's creation time.
  FOR r IN SELECT n.org_id, array_agg(n.id) AS ids
    FROM new_rows n JOIN old_rows o ON o.org_id = n.org_id AND o.id = n.id
    WHERE n.created_at IS DISTINCT FROM o.created_at
    GROUP BY n.org_id LOOP
    PERFORM refresh_deal_stage_reach(r.org_id, r.ids);
  END LOOP;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION deal_rollups_on_deals_deleted() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  DELETE FROM deal_events e USING old_rows o WHERE e.org_id = o.org_id AND e.deal_id = o.id;
  DELETE FROM deal_open_spans s USING old_rows o WHERE s.org_id = o.org_id AND s.deal_id = o.id;
  DELETE FROM deal_stage_reach s USING old_rows o WHERE s.org_id = o.org_id AND s.deal_id = o.id;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
SELECT refresh_deal_stage_reach(o.id, null) FROM organizations o;--> statement-breakpoint
CREATE INDEX "deal_stage_reach_created_idx" ON "deal_stage_reach" USING btree ("org_id","deal_created_at","deal_id","stage_id","entered_at","advanced_at");

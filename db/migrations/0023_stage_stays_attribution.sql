DROP INDEX "deal_stage_stays_left_idx";--> statement-breakpoint
DROP INDEX "deal_stage_stays_open_idx";--> statement-breakpoint
ALTER TABLE "deal_stage_stays" ADD COLUMN "pipeline_id" bigint;--> statement-breakpoint
ALTER TABLE "deal_stage_stays" ADD COLUMN "channel_id" bigint;--> statement-breakpoint
ALTER TABLE "deal_stage_stays" ADD COLUMN "owner_rep_id" bigint;--> statement-breakpoint
ALTER TABLE "deal_stage_stays" ADD COLUMN "credited_rep_id" bigint;--> statement-breakpoint
-- Stays carry their deal's pipeline, channel and owner, and the rep credited with a stay that ended (the owner then,
-- deal_owner_at of migration 0022), so the stage statements filter without reading each stay's deal.
CREATE OR REPLACE FUNCTION refresh_deal_stage_stays(p_org uuid, p_deals bigint[]) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  EXECUTE format($q$delete from deal_stage_stays where org_id = $1 %s$q$,
    CASE WHEN p_deals IS NULL THEN '' ELSE 'and deal_id = any ($2)' END) USING p_org, p_deals;
  EXECUTE format($q$
    insert into deal_stage_stays (org_id, event_id, deal_id, stage_id, entered_at, left_at, prior, next_left_at,
      pipeline_id, channel_id, owner_rep_id, credited_rep_id)
    select s.org_id, s.id, s.deal_id, s.to_stage_id, s.at, s.left_at,
      coalesce(sum(s.left_at - s.at) over (partition by s.deal_id, s.to_stage_id order by s.at, s.id
        rows between unbounded preceding and 1 preceding), interval '0'),
      lead(s.left_at) over (partition by s.deal_id, s.to_stage_id order by s.at, s.id),
      d.pipeline_id, d.channel_id, d.owner_rep_id,
      case
        when s.left_at is null then null
        when exists (select 1 from deal_owner_events o where o.org_id = s.org_id and o.deal_id = s.deal_id)
          then deal_owner_at(s.org_id, s.deal_id, s.left_at, d.owner_rep_id)
        else d.owner_rep_id
      end
    from (
      select e.org_id, e.id, e.deal_id, e.to_stage_id, e.at, lead(e.at) over (partition by e.deal_id order by e.at, e.id) as left_at
      from deal_stage_events e
      where e.org_id = $1 %s
    ) s
    join deals d on d.org_id = s.org_id and d.id = s.deal_id
  $q$, CASE WHEN p_deals IS NULL THEN '' ELSE 'and e.deal_id = any ($2)' END) USING p_org, p_deals;
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
  -- deal_stage_stays carry the deal's pipeline, channel and owner.
  FOR r IN SELECT n.org_id, array_agg(n.id) AS ids
    FROM new_rows n JOIN old_rows o ON o.org_id = n.org_id AND o.id = n.id
    WHERE (n.pipeline_id, n.channel_id, n.owner_rep_id) IS DISTINCT FROM (o.pipeline_id, o.channel_id, o.owner_rep_id)
    GROUP BY n.org_id LOOP
    PERFORM refresh_deal_stage_stays(r.org_id, r.ids);
  END LOOP;
  -- deal_stage_reach and deal_facts carry the deal's creation time.
  FOR r IN SELECT n.org_id, array_agg(n.id) AS ids
    FROM new_rows n JOIN old_rows o ON o.org_id = n.org_id AND o.id = n.id
    WHERE n.created_at IS DISTINCT FROM o.created_at
    GROUP BY n.org_id LOOP
    PERFORM refresh_deal_stage_reach(r.org_id, r.ids);
    PERFORM refresh_deal_facts(r.org_id, r.ids);
  END LOOP;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
-- A change to a deal's owner history moves the credit of its events and of its stays.
CREATE OR REPLACE FUNCTION deal_events_on_owner_events() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  r record;
BEGIN
  IF TG_OP = 'INSERT' THEN
    FOR r IN SELECT org_id, array_agg(DISTINCT deal_id) AS ids FROM new_rows GROUP BY org_id LOOP
      PERFORM refresh_deal_events(r.org_id, r.ids);
      PERFORM refresh_deal_stage_stays(r.org_id, r.ids);
    END LOOP;
  ELSIF TG_OP = 'DELETE' THEN
    FOR r IN SELECT org_id, array_agg(DISTINCT deal_id) AS ids FROM old_rows GROUP BY org_id LOOP
      PERFORM refresh_deal_events(r.org_id, r.ids);
      PERFORM refresh_deal_stage_stays(r.org_id, r.ids);
    END LOOP;
  ELSE
    FOR r IN SELECT org_id, array_agg(DISTINCT deal_id) AS ids
      FROM (SELECT org_id, deal_id FROM new_rows UNION SELECT org_id, deal_id FROM old_rows) x GROUP BY org_id LOOP
      PERFORM refresh_deal_events(r.org_id, r.ids);
      PERFORM refresh_deal_stage_stays(r.org_id, r.ids);
    END LOOP;
  END IF;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
-- Existing rows, before the indexes are built again.
UPDATE deal_stage_stays t SET pipeline_id = d.pipeline_id, channel_id = d.channel_id, owner_rep_id = d.owner_rep_id,
  credited_rep_id = CASE
    WHEN t.left_at IS NULL THEN NULL
    WHEN EXISTS (SELECT 1 FROM deal_owner_events o WHERE o.org_id = t.org_id AND o.deal_id = t.deal_id)
      THEN deal_owner_at(t.org_id, t.deal_id, t.left_at, d.owner_rep_id)
    ELSE d.owner_rep_id
  END
FROM deals d WHERE d.org_id = t.org_id AND d.id = t.deal_id;--> statement-breakpoint
CREATE INDEX "deal_stage_stays_left_idx" ON "deal_stage_stays" USING btree ("org_id","left_at","deal_id","stage_id","entered_at","prior","next_left_at","pipeline_id","channel_id","owner_rep_id","credited_rep_id");--> statement-breakpoint
CREATE INDEX "deal_stage_stays_open_idx" ON "deal_stage_stays" USING btree ("org_id","stage_id","deal_id","entered_at","prior","pipeline_id","channel_id","owner_rep_id") WHERE left_at is null;

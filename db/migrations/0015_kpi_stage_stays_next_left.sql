DROP INDEX "deal_stage_stays_left_idx";--> statement-breakpoint
ALTER TABLE "deal_stage_stays" ADD COLUMN "next_left_at" timestamp with time zone;--> statement-breakpoint
-- next_left_at: when the deal's next stay in the same stage ended (null when there is none or it still lasts). A stay
-- that ended in a period is the deal's last one there in that period when next_left_at is null or at or after the
-- period end: stage_duration tests that per row instead of sorting a period's stays per deal and stage.
CREATE OR REPLACE FUNCTION refresh_deal_stage_stays(p_org uuid, p_deals bigint[]) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  EXECUTE format($q$delete from deal_stage_stays where org_id = $1 %s$q$,
    CASE WHEN p_deals IS NULL THEN '' ELSE 'and deal_id = any ($2)' END) USING p_org, p_deals;
  EXECUTE format($q$
    insert into deal_stage_stays (org_id, event_id, deal_id, stage_id, entered_at, left_at, prior, next_left_at)
    select s.org_id, s.id, s.deal_id, s.to_stage_id, s.at, s.left_at,
      coalesce(sum(s.left_at - s.at) over (partition by s.deal_id, s.to_stage_id order by s.at, s.id
        rows between unbounded preceding and 1 preceding), interval '0'),
      lead(s.left_at) over (partition by s.deal_id, s.to_stage_id order by s.at, s.id)
    from (
      select e.org_id, e.id, e.deal_id, e.to_stage_id, e.at, lead(e.at) over (partition by e.deal_id order by e.at, e.id) as left_at
      from deal_stage_events e
      where e.org_id = $1 %s
    ) s
  $q$, CASE WHEN p_deals IS NULL THEN '' ELSE 'and e.deal_id = any ($2)' END) USING p_org, p_deals;
END
$fn$;
--> statement-breakpoint
SELECT refresh_deal_stage_stays(o.id, null) FROM organizations o;--> statement-breakpoint
CREATE INDEX "deal_stage_stays_left_idx" ON "deal_stage_stays" USING btree ("org_id","left_at","deal_id","stage_id","entered_at","prior","next_left_at");

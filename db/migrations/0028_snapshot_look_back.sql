-- deal_open_spans gets a row for every deal (db/schema/rollups.ts): the snapshot's look-back reads the deals whose
-- history goes on past a moment from it instead of looking each deal up by key. Emptied and refilled below.
DROP INDEX "deal_open_spans_since_idx";--> statement-breakpoint
TRUNCATE "deal_open_spans";--> statement-breakpoint
ALTER TABLE "deal_open_spans" ALTER COLUMN "since" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "deal_open_spans" ADD COLUMN "last_stage_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "deal_open_spans" ADD COLUMN "status" "deal_status" NOT NULL;--> statement-breakpoint
ALTER TABLE "deal_open_spans" ADD COLUMN "won_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "deal_open_spans" ADD COLUMN "lost_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "deal_open_spans" ADD COLUMN "deal_stage_id" bigint;--> statement-breakpoint
-- As migration 0012's, for every deal: the span it is open in now, if any (since and until null otherwise), and the
-- deal's status, close times, current stage and last stage change.
CREATE OR REPLACE FUNCTION refresh_deal_open_spans(p_org uuid, p_deals bigint[]) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  EXECUTE format($q$delete from deal_open_spans where org_id = $1 %s$q$,
    CASE WHEN p_deals IS NULL THEN '' ELSE 'and deal_id = any ($2)' END) USING p_org, p_deals;
  EXECUTE format($q$
    insert into deal_open_spans (org_id, deal_id, since, until, has_history, stage_id, qualified_at, deal_created_at,
      pipeline_id, channel_id, owner_rep_id, amount, currency, expected_close_date, last_stage_at, status, won_at, lost_at,
      deal_stage_id)
    select d.org_id, d.id, s.since, s.until, h.last_stage_at is not null, s.stage_id, h.qualified_at, d.created_at,
      d.pipeline_id, d.channel_id, d.owner_rep_id, d.amount, d.currency, d.expected_close_date, h.last_stage_at, d.status,
      d.won_at, d.lost_at, d.stage_id
    from deals d
    left join deal_facts h on h.org_id = d.org_id and h.deal_id = d.id
    left join lateral (
      -- Open since its last stage, which is open.
      select h.last_stage_at as since, null::timestamptz as until, h.last_stage_id as stage_id
      where h.last_stage_at is not null and (h.last_step is null or h.last_step not in ('won', 'fulfilled', 'lost'))
      union all
      -- No history: open from creation until its close time (a deal won or lost without one is not open at all).
      select d.created_at, case d.status when 'won' then d.won_at when 'lost' then d.lost_at end, d.stage_id
      where h.last_stage_at is null
        and not (d.status = 'won' and d.won_at is null) and not (d.status = 'lost' and d.lost_at is null)
    ) s on true
    where d.org_id = $1 %s
  $q$, CASE WHEN p_deals IS NULL THEN '' ELSE 'and d.id = any ($2)' END) USING p_org, p_deals;
END
$fn$;
--> statement-breakpoint
SELECT refresh_deal_open_spans(o.id, null) FROM organizations o;--> statement-breakpoint
CREATE INDEX "deal_open_spans_last_stage_idx" ON "deal_open_spans" USING btree ("org_id","last_stage_at","deal_created_at","deal_id","status","won_at","lost_at","deal_stage_id","qualified_at","pipeline_id","channel_id","owner_rep_id","amount","currency","expected_close_date") WHERE last_stage_at is not null;--> statement-breakpoint
CREATE INDEX "deal_open_spans_since_idx" ON "deal_open_spans" USING btree ("org_id","since","until","deal_id","has_history","stage_id","qualified_at","deal_created_at","pipeline_id","channel_id","owner_rep_id","amount","currency","expected_close_date") WHERE since is not null;

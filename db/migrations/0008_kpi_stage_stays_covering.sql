DROP INDEX "deal_stage_stays_left_idx";--> statement-breakpoint
DROP INDEX "deal_stage_stays_open_idx";--> statement-breakpoint
CREATE INDEX "deal_stage_stays_left_idx" ON "deal_stage_stays" USING btree ("org_id","left_at","deal_id","stage_id","entered_at","prior");--> statement-breakpoint
CREATE INDEX "deal_stage_stays_open_idx" ON "deal_stage_stays" USING btree ("org_id","deal_id","stage_id","entered_at","prior") WHERE left_at is null;
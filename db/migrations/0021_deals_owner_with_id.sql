DROP INDEX "deals_owner_idx";--> statement-breakpoint
CREATE INDEX "deals_owner_idx" ON "deals" USING btree ("org_id","owner_rep_id","id");
CREATE TABLE "sync_left_out_deals" (
	"org_id" uuid NOT NULL,
	"source_id" bigint NOT NULL,
	"external_id" text NOT NULL,
	CONSTRAINT "sync_left_out_deals_org_id_source_id_external_id_pk" PRIMARY KEY("org_id","source_id","external_id")
);
--> statement-breakpoint
ALTER TABLE "sync_left_out_deals" ADD CONSTRAINT "sync_left_out_deals_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_left_out_deals" ADD CONSTRAINT "sync_left_out_deals_source_fk" FOREIGN KEY ("org_id","source_id") REFERENCES "public"."data_sources"("org_id","id") ON DELETE cascade ON UPDATE no action;
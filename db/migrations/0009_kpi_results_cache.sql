CREATE TABLE "kpi_results_cache" (
	"org_id" uuid NOT NULL,
	"request_key" text NOT NULL,
	"slot_start" timestamp with time zone NOT NULL,
	"snapshot" "pg_snapshot" NOT NULL,
	"response" jsonb NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kpi_results_cache_org_id_request_key_pk" PRIMARY KEY("org_id","request_key")
);
--> statement-breakpoint
CREATE TABLE "org_data_changes" (
	"org_id" uuid NOT NULL,
	"xid" "xid8" NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "org_data_changes_org_id_xid_pk" PRIMARY KEY("org_id","xid")
);
--> statement-breakpoint
ALTER TABLE "kpi_results_cache" ADD CONSTRAINT "kpi_results_cache_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "kpi_results_cache_computed_idx" ON "kpi_results_cache" USING btree ("computed_at");--> statement-breakpoint
-- Every write to a table the KPI engine reads notes the writing transaction per organization (statement-level, one
-- row per organization and transaction), so a cached result computed from a snapshot that did not see it is stale.
-- server/kpi/results-cache.integration.test.ts checks that every table with org_id is either listed here or known
-- not to be an engine input.
CREATE FUNCTION note_org_data_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO org_data_changes (org_id, xid) SELECT DISTINCT org_id, pg_current_xact_id() FROM old_rows ON CONFLICT DO NOTHING;
  ELSE
    INSERT INTO org_data_changes (org_id, xid) SELECT DISTINCT org_id, pg_current_xact_id() FROM new_rows ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE FUNCTION note_org_settings_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO org_data_changes (org_id, xid) SELECT DISTINCT id, pg_current_xact_id() FROM new_rows ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
DO $do$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['activities', 'channels', 'custom_metric_values', 'custom_metrics', 'customers', 'deal_owner_events',
    'deal_stage_events', 'deals', 'exchange_rates', 'loss_reasons', 'marketing_daily', 'org_holidays', 'pipelines', 'quotas', 'reps',
    'stages', 'team_memberships', 'teams'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION note_org_data_change()', t || '_noted_insert', t);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION note_org_data_change()', t || '_noted_update', t);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION note_org_data_change()', t || '_noted_delete', t);
  END LOOP;
END
$do$;
--> statement-breakpoint
CREATE TRIGGER organizations_noted_update AFTER UPDATE ON organizations REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION note_org_settings_change();

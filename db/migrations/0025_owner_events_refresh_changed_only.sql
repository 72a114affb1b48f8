-- A re-synced owner change or stage event rewritten unchanged (an upsert's update) refreshes nothing: only the deals of
-- rows that changed, before and after, take their rollups again, as a re-synced deal already did (migration 0011).
-- Refreshing every upserted row's deal, with the stays' attribution of migration 0023, made reloading the unchanged
-- demo company (scale 1) take over 30 s.
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
    FOR r IN SELECT x.org_id, array_agg(DISTINCT x.deal_id) AS ids
      FROM new_rows n JOIN old_rows o ON o.org_id = n.org_id AND o.id = n.id
      CROSS JOIN LATERAL (VALUES (n.org_id, n.deal_id), (o.org_id, o.deal_id)) x(org_id, deal_id)
      WHERE (n.deal_id, n.from_rep_id, n.to_rep_id, n.at) IS DISTINCT FROM (o.deal_id, o.from_rep_id, o.to_rep_id, o.at)
      GROUP BY x.org_id LOOP
      PERFORM refresh_deal_events(r.org_id, r.ids);
      PERFORM refresh_deal_stage_stays(r.org_id, r.ids);
    END LOOP;
  END IF;
  RETURN NULL;
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
    FOR r IN SELECT x.org_id, array_agg(DISTINCT x.deal_id) AS ids
      FROM new_rows n JOIN old_rows o ON o.org_id = n.org_id AND o.id = n.id
      CROSS JOIN LATERAL (VALUES (n.org_id, n.deal_id), (o.org_id, o.deal_id)) x(org_id, deal_id)
      WHERE (n.deal_id, n.from_stage_id, n.to_stage_id, n.at) IS DISTINCT FROM (o.deal_id, o.from_stage_id, o.to_stage_id, o.at)
      GROUP BY x.org_id LOOP
      PERFORM refresh_deal_facts(r.org_id, r.ids);
      PERFORM refresh_deal_stage_stays(r.org_id, r.ids);
      PERFORM refresh_deal_stage_reach(r.org_id, r.ids);
    END LOOP;
  END IF;
  RETURN NULL;
END
$fn$;

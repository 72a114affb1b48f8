-- deal_days: deal_events, finished stage stays and stage entries summed per local day of the org, kind and attribution
-- (db/schema/rollups.ts), kept by statement triggers on deal_events, deal_stage_stays and deal_stage_reach that add the
-- rows a statement inserted and take away those it deleted.
CREATE TYPE "deal_money" AS ("amount" numeric(18,2), "margin" numeric(18,2));--> statement-breakpoint
-- What deal_days keeps of one deal_events, deal_stage_stays or deal_stage_reach row: its group (0 or '' for none) and
-- what it adds.
CREATE TYPE "deal_day_input" AS ("org_id" uuid, "kind" text, "day" date, "stage_id" bigint, "credited_rep_id" bigint,
  "pipeline_id" bigint, "channel_id" bigint, "loss_reason_id" bigint, "currency" text, "amount" numeric(18,2),
  "margin" numeric(18,2), "has_customer" boolean, "qualified" boolean, "winnable" boolean, "provided" boolean,
  "seconds" numeric, "days" float8, "reached_qualified" boolean, "reached_meeting_scheduled" boolean,
  "reached_meeting_held" boolean, "reached_proposal" boolean, "reached_won" boolean, "reached_fulfilled" boolean,
  "response_seconds" numeric, "response_minutes" float8, "followed_up" boolean, "advanced" boolean);--> statement-breakpoint
CREATE TABLE "deal_days" (
	"org_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"day" date NOT NULL,
	"stage_id" bigint NOT NULL,
	"credited_rep_id" bigint NOT NULL,
	"pipeline_id" bigint NOT NULL,
	"channel_id" bigint NOT NULL,
	"loss_reason_id" bigint NOT NULL,
	"currency" text NOT NULL,
	"n" integer NOT NULL,
	"amount_n" integer NOT NULL,
	"amount_sum" numeric NOT NULL,
	"margin_sum" numeric NOT NULL,
	"margin_base" numeric NOT NULL,
	"without_margin" integer NOT NULL,
	"without_amount" integer NOT NULL,
	"money" "deal_money"[] NOT NULL,
	"with_customer" integer NOT NULL,
	"qualified_n" integer NOT NULL,
	"winnable_n" integer NOT NULL,
	"provided_qualified_n" integer NOT NULL,
	"self_qualified_n" integer NOT NULL,
	"seconds_sum" numeric NOT NULL,
	"days" double precision[] NOT NULL,
	"reached_qualified_n" integer NOT NULL,
	"reached_meeting_scheduled_n" integer NOT NULL,
	"reached_meeting_held_n" integer NOT NULL,
	"reached_proposal_n" integer NOT NULL,
	"reached_won_n" integer NOT NULL,
	"reached_fulfilled_n" integer NOT NULL,
	"answered_n" integer NOT NULL,
	"response_seconds_sum" numeric NOT NULL,
	"responses" double precision[] NOT NULL,
	"followed_up_n" integer NOT NULL,
	"followed_up_meeting_n" integer NOT NULL,
	"advanced_n" integer NOT NULL,
	CONSTRAINT "deal_days_pk" PRIMARY KEY("org_id","kind","day","stage_id","credited_rep_id","pipeline_id","channel_id","loss_reason_id","currency")
);
--> statement-breakpoint
ALTER TABLE "deal_days" ADD CONSTRAINT "deal_days_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deal_days_empty_idx" ON "deal_days" USING btree ("org_id") WHERE n = 0;--> statement-breakpoint
CREATE INDEX "deal_stage_stays_reentered_idx" ON "deal_stage_stays" USING btree ("org_id","left_at","deal_id","stage_id","entered_at","prior","next_left_at","pipeline_id","channel_id","credited_rep_id") WHERE next_left_at is not null;
--> statement-breakpoint
-- The deal_days inputs of deal_events rows `p_rows`, or without them of every row of org `p_org`: each on its local day
-- in its org's time zone; a created row with its cohort's measures (the steps reached within the org's conversion
-- window, the first response and follow-up).
CREATE FUNCTION deal_event_day_inputs(p_org uuid, p_rows deal_events[]) RETURNS SETOF deal_day_input LANGUAGE sql STABLE AS $fn$
  select e.org_id, e.kind, (e.at at time zone o.time_zone)::date, 0::bigint, coalesce(e.credited_rep_id, 0), e.pipeline_id,
    coalesce(e.channel_id, 0), coalesce(e.loss_reason_id, 0), coalesce(e.currency, ''), e.amount, e.margin,
    e.customer_id is not null, e.qualified, e.winnable, e.provided,
    extract(epoch from e.at - e.deal_created_at),
    -- As the engine computes it (intervalIn), so a row taken away finds its value.
    extract(epoch from e.at - e.deal_created_at)::float8 / 86400,
    e.kind = 'created' and e.qualified_at < e.at + make_interval(days => o.conversion_window_days),
    e.kind = 'created' and e.meeting_scheduled_at < e.at + make_interval(days => o.conversion_window_days),
    e.kind = 'created' and e.meeting_held_at < e.at + make_interval(days => o.conversion_window_days),
    e.kind = 'created' and e.proposal_at < e.at + make_interval(days => o.conversion_window_days),
    e.kind = 'created' and e.won_at < e.at + make_interval(days => o.conversion_window_days),
    e.kind = 'created' and e.fulfilled_at < e.at + make_interval(days => o.conversion_window_days),
    case when e.kind = 'created' then extract(epoch from e.first_response_at - e.at) end,
    case when e.kind = 'created' then extract(epoch from e.first_response_at - e.at)::float8 / 60 end,
    e.kind = 'created' and e.followed_up_at is not null, false
  from (
    select * from deal_events x where p_rows is null and x.org_id = p_org
    union all
    select * from unnest(p_rows)
  ) e
  join organizations o on o.id = e.org_id
$fn$;
--> statement-breakpoint
-- The deal_days inputs of deal_stage_stays rows `p_rows` (or every row of org `p_org`) that count on the day they ended
-- whatever the period: ended, with no later stay of the deal in the same stage ended (next_left_at); their days in the
-- stage, earlier stays there included (stage_duration).
CREATE FUNCTION deal_stay_day_inputs(p_org uuid, p_rows deal_stage_stays[]) RETURNS SETOF deal_day_input LANGUAGE sql STABLE AS $fn$
  select t.org_id, 'stay', (t.left_at at time zone o.time_zone)::date, t.stage_id, coalesce(t.credited_rep_id, 0),
    coalesce(t.pipeline_id, 0), coalesce(t.channel_id, 0), 0::bigint, '', null::numeric, null::numeric, false, false, false,
    null::boolean, extract(epoch from t.prior + (t.left_at - t.entered_at)),
    extract(epoch from t.prior + (t.left_at - t.entered_at))::float8 / 86400,
    false, false, false, false, false, false, null::numeric, null::float8, false, false
  from (
    select * from deal_stage_stays x where p_rows is null and x.org_id = p_org and x.left_at is not null and x.next_left_at is null
    union all
    select * from unnest(p_rows)
  ) t
  join organizations o on o.id = t.org_id
  where t.left_at is not null and t.next_left_at is null
$fn$;
--> statement-breakpoint
-- The deal_days inputs of deal_stage_reach rows `p_rows` (or every row of org `p_org`): a deal's entry into a stage
-- within the org's conversion window after its creation, on the local day it was created, and whether it advanced
-- from there within the window (conv_stage_to_stage; no attribution: the statement reads these only unfiltered).
CREATE FUNCTION deal_reach_day_inputs(p_org uuid, p_rows deal_stage_reach[]) RETURNS SETOF deal_day_input LANGUAGE sql STABLE AS $fn$
  select r.org_id, 'reach', (r.deal_created_at at time zone o.time_zone)::date, r.stage_id, 0::bigint, 0::bigint, 0::bigint,
    0::bigint, '', null::numeric, null::numeric, false, false, false, null::boolean, null::numeric, null::float8,
    false, false, false, false, false, false, null::numeric, null::float8, false,
    r.advanced_at < r.deal_created_at + make_interval(days => o.conversion_window_days)
  from (
    select * from deal_stage_reach x where p_rows is null and x.org_id = p_org
    union all
    select * from unnest(p_rows)
  ) r
  join organizations o on o.id = r.org_id
  where r.entered_at < r.deal_created_at + make_interval(days => o.conversion_window_days)
$fn$;
--> statement-breakpoint
-- The change to each group of deal_days: inputs of `p_new` not in `p_old` added, those of `p_old` not in `p_new` taken
-- away (a row rewritten unchanged changes nothing). Without p_new, every row of org p_org added.
CREATE FUNCTION deal_day_changes(p_org uuid, p_old deal_day_input[], p_new deal_day_input[])
RETURNS TABLE (org_id uuid, kind text, day date, stage_id bigint, credited_rep_id bigint, pipeline_id bigint,
  channel_id bigint, loss_reason_id bigint, currency text, n int, amount_n int, amount_sum numeric,
  margin_sum numeric, margin_base numeric, without_margin int, without_amount int, money_added deal_money[],
  money_taken deal_money[], with_customer int, qualified_n int, winnable_n int, provided_qualified_n int,
  self_qualified_n int, seconds_sum numeric, days_added float8[], days_taken float8[], reached_qualified_n int,
  reached_meeting_scheduled_n int, reached_meeting_held_n int, reached_proposal_n int, reached_won_n int,
  reached_fulfilled_n int, answered_n int, response_seconds_sum numeric, responses_added float8[],
  responses_taken float8[], followed_up_n int, followed_up_meeting_n int, advanced_n int)
LANGUAGE sql STABLE AS $fn$
  with
    changes as (
      select 1 as sign, a.* from (
        select * from deal_event_day_inputs(p_org, null) union all select * from deal_stay_day_inputs(p_org, null)
        union all select * from deal_reach_day_inputs(p_org, null)
      ) a where p_new is null
      union all
      select 1, x.* from (select * from unnest(p_new) except all select * from unnest(p_old)) x where p_new is not null
      union all
      select -1, x.* from (select * from unnest(p_old) except all select * from unnest(p_new)) x where p_new is not null
    )
  -- days: the medians of time_to_win, time_to_loss and stage_duration; responses: of response_time.
  select c.org_id,
    c.kind,
    c.day,
    c.stage_id,
    c.credited_rep_id,
    c.pipeline_id,
    c.channel_id,
    c.loss_reason_id,
    c.currency,
    sum(c.sign)::int,
    coalesce(sum(c.sign) filter (where c.amount <> 0), 0)::int,
    coalesce(sum(c.sign * c.amount) filter (where c.amount <> 0), 0),
    coalesce(sum(c.sign * c.margin) filter (where c.amount <> 0 and c.margin is not null), 0),
    coalesce(sum(c.sign * c.amount) filter (where c.amount <> 0 and c.margin is not null), 0),
    coalesce(sum(c.sign) filter (where c.amount <> 0 and c.margin is null), 0)::int,
    coalesce(sum(c.sign) filter (where c.kind = 'won' and (c.amount is null or c.amount = 0)), 0)::int,
    coalesce(array_agg(row(c.amount, c.margin)::deal_money) filter (where c.sign = 1 and c.amount <> 0), '{}'),
    coalesce(array_agg(row(c.amount, c.margin)::deal_money) filter (where c.sign = -1 and c.amount <> 0), '{}'),
    coalesce(sum(c.sign) filter (where c.has_customer), 0)::int,
    coalesce(sum(c.sign) filter (where c.qualified), 0)::int,
    coalesce(sum(c.sign) filter (where c.winnable), 0)::int,
    coalesce(sum(c.sign) filter (where c.qualified and c.provided), 0)::int,
    coalesce(sum(c.sign) filter (where c.qualified and not c.provided), 0)::int,
    coalesce(sum(c.sign * c.seconds), 0),
    coalesce(array_agg(c.days) filter (where c.sign = 1 and c.kind in ('won', 'lost', 'stay')), '{}'),
    coalesce(array_agg(c.days) filter (where c.sign = -1 and c.kind in ('won', 'lost', 'stay')), '{}'),
    coalesce(sum(c.sign) filter (where c.reached_qualified), 0)::int,
    coalesce(sum(c.sign) filter (where c.reached_meeting_scheduled), 0)::int,
    coalesce(sum(c.sign) filter (where c.reached_meeting_held), 0)::int,
    coalesce(sum(c.sign) filter (where c.reached_proposal), 0)::int,
    coalesce(sum(c.sign) filter (where c.reached_won), 0)::int,
    coalesce(sum(c.sign) filter (where c.reached_fulfilled), 0)::int,
    coalesce(sum(c.sign) filter (where c.response_seconds is not null), 0)::int,
    coalesce(sum(c.sign * c.response_seconds), 0),
    coalesce(array_agg(c.response_minutes) filter (where c.sign = 1 and c.response_minutes is not null), '{}'),
    coalesce(array_agg(c.response_minutes) filter (where c.sign = -1 and c.response_minutes is not null), '{}'),
    coalesce(sum(c.sign) filter (where c.followed_up), 0)::int,
    coalesce(sum(c.sign) filter (where c.followed_up and c.reached_meeting_scheduled), 0)::int,
    coalesce(sum(c.sign) filter (where c.advanced), 0)::int
  from changes c
  group by c.org_id, c.kind, c.day, c.stage_id, c.credited_rep_id, c.pipeline_id, c.channel_id, c.loss_reason_id, c.currency
$fn$;
--> statement-breakpoint
-- `whole` with one of each element of `taken` removed (a multiset difference).
CREATE FUNCTION array_without(whole anyarray, taken anyarray) RETURNS anyarray LANGUAGE sql IMMUTABLE AS $fn$
  select case when cardinality(taken) = 0 then whole
    else coalesce((select array_agg(x) from (select unnest(whole) except all select unnest(taken)) s(x)), '{}') end
$fn$;
--> statement-breakpoint
-- Applies the change from inputs `p_old` to `p_new` to deal_days: groups found updated, new ones inserted (a group
-- another transaction inserted meanwhile is added to), emptied ones deleted.
CREATE FUNCTION apply_deal_days(p_old deal_day_input[], p_new deal_day_input[]) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  WITH
    c AS MATERIALIZED (SELECT * FROM deal_day_changes(null, p_old, p_new)),
    updated AS (
      UPDATE deal_days t SET
        n = t.n + c.n, amount_n = t.amount_n + c.amount_n, amount_sum = t.amount_sum + c.amount_sum,
        margin_sum = t.margin_sum + c.margin_sum, margin_base = t.margin_base + c.margin_base,
        without_margin = t.without_margin + c.without_margin,
        without_amount = t.without_amount + c.without_amount,
        money = array_without(t.money || c.money_added, c.money_taken),
        with_customer = t.with_customer + c.with_customer, qualified_n = t.qualified_n + c.qualified_n,
        winnable_n = t.winnable_n + c.winnable_n,
        provided_qualified_n = t.provided_qualified_n + c.provided_qualified_n,
        self_qualified_n = t.self_qualified_n + c.self_qualified_n,
        seconds_sum = t.seconds_sum + c.seconds_sum,
        days = array_without(t.days || c.days_added, c.days_taken),
        reached_qualified_n = t.reached_qualified_n + c.reached_qualified_n,
        reached_meeting_scheduled_n = t.reached_meeting_scheduled_n + c.reached_meeting_scheduled_n,
        reached_meeting_held_n = t.reached_meeting_held_n + c.reached_meeting_held_n,
        reached_proposal_n = t.reached_proposal_n + c.reached_proposal_n,
        reached_won_n = t.reached_won_n + c.reached_won_n,
        reached_fulfilled_n = t.reached_fulfilled_n + c.reached_fulfilled_n,
        answered_n = t.answered_n + c.answered_n,
        response_seconds_sum = t.response_seconds_sum + c.response_seconds_sum,
        responses = array_without(t.responses || c.responses_added, c.responses_taken),
        followed_up_n = t.followed_up_n + c.followed_up_n,
        followed_up_meeting_n = t.followed_up_meeting_n + c.followed_up_meeting_n,
        advanced_n = t.advanced_n + c.advanced_n
      FROM c
      WHERE t.org_id = c.org_id AND t.kind = c.kind AND t.day = c.day AND t.stage_id = c.stage_id AND
        t.credited_rep_id = c.credited_rep_id AND t.pipeline_id = c.pipeline_id AND
        t.channel_id = c.channel_id AND t.loss_reason_id = c.loss_reason_id AND t.currency = c.currency
      RETURNING t.org_id, t.kind, t.day, t.stage_id, t.credited_rep_id, t.pipeline_id, t.channel_id, t.loss_reason_id, t.currency
    )
  INSERT INTO deal_days AS t (
    org_id, kind, day, stage_id, credited_rep_id, pipeline_id, channel_id, loss_reason_id, currency, n,
    amount_n, amount_sum, margin_sum, margin_base, without_margin, without_amount, money, with_customer,
    qualified_n, winnable_n, provided_qualified_n, self_qualified_n, seconds_sum, days, reached_qualified_n,
    reached_meeting_scheduled_n, reached_meeting_held_n, reached_proposal_n, reached_won_n,
    reached_fulfilled_n, answered_n, response_seconds_sum, responses, followed_up_n, followed_up_meeting_n,
    advanced_n)
  SELECT
    c.org_id, c.kind, c.day, c.stage_id, c.credited_rep_id, c.pipeline_id, c.channel_id, c.loss_reason_id,
    c.currency, c.n, c.amount_n, c.amount_sum, c.margin_sum, c.margin_base, c.without_margin, c.without_amount,
    c.money_added, c.with_customer, c.qualified_n, c.winnable_n, c.provided_qualified_n, c.self_qualified_n,
    c.seconds_sum, c.days_added, c.reached_qualified_n, c.reached_meeting_scheduled_n,
    c.reached_meeting_held_n, c.reached_proposal_n, c.reached_won_n, c.reached_fulfilled_n, c.answered_n,
    c.response_seconds_sum, c.responses_added, c.followed_up_n, c.followed_up_meeting_n, c.advanced_n
  FROM c
  WHERE NOT EXISTS (SELECT 1 FROM updated u WHERE u.org_id = c.org_id AND u.kind = c.kind AND u.day = c.day AND u.stage_id = c.stage_id AND
    u.credited_rep_id = c.credited_rep_id AND u.pipeline_id = c.pipeline_id AND u.channel_id = c.channel_id AND
    u.loss_reason_id = c.loss_reason_id AND u.currency = c.currency)
  ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9
  ON CONFLICT ON CONSTRAINT deal_days_pk DO UPDATE SET
    n = t.n + excluded.n, amount_n = t.amount_n + excluded.amount_n,
    amount_sum = t.amount_sum + excluded.amount_sum, margin_sum = t.margin_sum + excluded.margin_sum,
    margin_base = t.margin_base + excluded.margin_base,
    without_margin = t.without_margin + excluded.without_margin,
    without_amount = t.without_amount + excluded.without_amount, money = t.money || excluded.money,
    with_customer = t.with_customer + excluded.with_customer,
    qualified_n = t.qualified_n + excluded.qualified_n, winnable_n = t.winnable_n + excluded.winnable_n,
    provided_qualified_n = t.provided_qualified_n + excluded.provided_qualified_n,
    self_qualified_n = t.self_qualified_n + excluded.self_qualified_n,
    seconds_sum = t.seconds_sum + excluded.seconds_sum, days = t.days || excluded.days,
    reached_qualified_n = t.reached_qualified_n + excluded.reached_qualified_n,
    reached_meeting_scheduled_n = t.reached_meeting_scheduled_n + excluded.reached_meeting_scheduled_n,
    reached_meeting_held_n = t.reached_meeting_held_n + excluded.reached_meeting_held_n,
    reached_proposal_n = t.reached_proposal_n + excluded.reached_proposal_n,
    reached_won_n = t.reached_won_n + excluded.reached_won_n,
    reached_fulfilled_n = t.reached_fulfilled_n + excluded.reached_fulfilled_n,
    answered_n = t.answered_n + excluded.answered_n,
    response_seconds_sum = t.response_seconds_sum + excluded.response_seconds_sum,
    responses = t.responses || excluded.responses, followed_up_n = t.followed_up_n + excluded.followed_up_n,
    followed_up_meeting_n = t.followed_up_meeting_n + excluded.followed_up_meeting_n,
    advanced_n = t.advanced_n + excluded.advanced_n;
  -- Only rows taken away can empty a group.
  IF cardinality(p_old) > 0 THEN
    DELETE FROM deal_days t WHERE t.n = 0 AND t.org_id IN (SELECT DISTINCT x.org_id FROM unnest(p_old) x);
  END IF;
END
$fn$;
--> statement-breakpoint
-- Rebuilds org p_org's deal_days from its deal_events, deal_stage_stays and deal_stage_reach (after a load that bypassed triggers, or a
-- change of time zone or conversion window).
CREATE FUNCTION refresh_deal_days(p_org uuid) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  DELETE FROM deal_days WHERE org_id = p_org;
  INSERT INTO deal_days (
    org_id, kind, day, stage_id, credited_rep_id, pipeline_id, channel_id, loss_reason_id, currency, n,
    amount_n, amount_sum, margin_sum, margin_base, without_margin, without_amount, money, with_customer,
    qualified_n, winnable_n, provided_qualified_n, self_qualified_n, seconds_sum, days, reached_qualified_n,
    reached_meeting_scheduled_n, reached_meeting_held_n, reached_proposal_n, reached_won_n,
    reached_fulfilled_n, answered_n, response_seconds_sum, responses, followed_up_n, followed_up_meeting_n,
    advanced_n)
  SELECT
    c.org_id, c.kind, c.day, c.stage_id, c.credited_rep_id, c.pipeline_id, c.channel_id, c.loss_reason_id,
    c.currency, c.n, c.amount_n, c.amount_sum, c.margin_sum, c.margin_base, c.without_margin, c.without_amount,
    c.money_added, c.with_customer, c.qualified_n, c.winnable_n, c.provided_qualified_n, c.self_qualified_n,
    c.seconds_sum, c.days_added, c.reached_qualified_n, c.reached_meeting_scheduled_n,
    c.reached_meeting_held_n, c.reached_proposal_n, c.reached_won_n, c.reached_fulfilled_n, c.answered_n,
    c.response_seconds_sum, c.responses_added, c.followed_up_n, c.followed_up_meeting_n, c.advanced_n
  FROM deal_day_changes(p_org, '{}', null) c
  -- A period's days lie together on disk (a read takes a range of them).
  ORDER BY c.org_id, c.kind, c.day;
END
$fn$;
--> statement-breakpoint
-- Statement triggers on deal_events, deal_stage_stays and deal_stage_reach. A statement that rewrites a large share of an org's rows (a
-- stage mapping changed on a big pipeline) rebuilds the org's days instead of carrying the rows over in arrays; a
-- rebuild of the rollups (rebuild_deal_rollups) turns them off with salespulse.deal_days = 'off'.
CREATE FUNCTION deal_days_on_rows() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  v_events deal_events[];
  v_stays deal_stage_stays[];
  v_reach deal_stage_reach[];
  v_old deal_day_input[] := '{}';
  v_new deal_day_input[] := '{}';
BEGIN
  IF current_setting('salespulse.deal_days', true) = 'off' THEN RETURN NULL; END IF;
  IF TG_TABLE_NAME = 'deal_events' THEN
    IF TG_OP <> 'INSERT' THEN
      SELECT array_agg(o) INTO v_events FROM old_rows o;
      v_old := array(SELECT deal_event_day_inputs(null, v_events));
    END IF;
    IF TG_OP <> 'DELETE' THEN
      SELECT array_agg(n) INTO v_events FROM new_rows n;
      v_new := array(SELECT deal_event_day_inputs(null, v_events));
    END IF;
  ELSIF TG_TABLE_NAME = 'deal_stage_stays' THEN
    IF TG_OP <> 'INSERT' THEN
      SELECT array_agg(o) INTO v_stays FROM old_rows o;
      v_old := array(SELECT deal_stay_day_inputs(null, v_stays));
    END IF;
    IF TG_OP <> 'DELETE' THEN
      SELECT array_agg(n) INTO v_stays FROM new_rows n;
      v_new := array(SELECT deal_stay_day_inputs(null, v_stays));
    END IF;
  ELSE
    IF TG_OP <> 'INSERT' THEN
      SELECT array_agg(o) INTO v_reach FROM old_rows o;
      v_old := array(SELECT deal_reach_day_inputs(null, v_reach));
    END IF;
    IF TG_OP <> 'DELETE' THEN
      SELECT array_agg(n) INTO v_reach FROM new_rows n;
      v_new := array(SELECT deal_reach_day_inputs(null, v_reach));
    END IF;
  END IF;
  IF cardinality(v_old) + cardinality(v_new) = 0 THEN RETURN NULL; END IF;
  IF cardinality(v_old) + cardinality(v_new) > 200000 THEN
    PERFORM refresh_deal_days(x.org_id) FROM (SELECT org_id FROM unnest(v_old) UNION SELECT org_id FROM unnest(v_new)) x;
  ELSE
    PERFORM apply_deal_days(v_old, v_new);
  END IF;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE TRIGGER deal_days_on_insert AFTER INSERT ON deal_events REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_days_on_rows();
--> statement-breakpoint
CREATE TRIGGER deal_days_on_update AFTER UPDATE ON deal_events REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_days_on_rows();
--> statement-breakpoint
CREATE TRIGGER deal_days_on_delete AFTER DELETE ON deal_events REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_days_on_rows();
--> statement-breakpoint
CREATE TRIGGER deal_days_on_insert AFTER INSERT ON deal_stage_stays REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_days_on_rows();
--> statement-breakpoint
CREATE TRIGGER deal_days_on_update AFTER UPDATE ON deal_stage_stays REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_days_on_rows();
--> statement-breakpoint
CREATE TRIGGER deal_days_on_delete AFTER DELETE ON deal_stage_stays REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_days_on_rows();
--> statement-breakpoint
CREATE TRIGGER deal_days_on_insert AFTER INSERT ON deal_stage_reach REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_days_on_rows();
--> statement-breakpoint
CREATE TRIGGER deal_days_on_update AFTER UPDATE ON deal_stage_reach REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_days_on_rows();
--> statement-breakpoint
CREATE TRIGGER deal_days_on_delete AFTER DELETE ON deal_stage_reach REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deal_days_on_rows();
--> statement-breakpoint
-- The deal_days inputs of every row of `p_source` (deal_events, deal_stage_stays or deal_stage_reach) of org p_org's
-- deals `p_deals`, each looked up by key (offset 0: whatever the estimates of a table never analyzed, as the refreshes).
CREATE FUNCTION deal_day_inputs_of(p_source text, p_org uuid, p_deals bigint[]) RETURNS deal_day_input[] LANGUAGE plpgsql STABLE AS $fn$
BEGIN
  IF p_source = 'deal_events' THEN
    RETURN array(SELECT deal_event_day_inputs(null, array(SELECT l.x FROM unnest(p_deals) u(id)
      CROSS JOIN LATERAL (SELECT x FROM deal_events x WHERE x.org_id = p_org AND x.deal_id = u.id OFFSET 0) l)));
  ELSIF p_source = 'deal_stage_stays' THEN
    RETURN array(SELECT deal_stay_day_inputs(null, array(SELECT l.x FROM unnest(p_deals) u(id)
      CROSS JOIN LATERAL (SELECT x FROM deal_stage_stays x WHERE x.org_id = p_org AND x.deal_id = u.id OFFSET 0) l)));
  END IF;
  RETURN array(SELECT deal_reach_day_inputs(null, array(SELECT l.x FROM unnest(p_deals) u(id)
    CROSS JOIN LATERAL (SELECT x FROM deal_stage_reach x WHERE x.org_id = p_org AND x.deal_id = u.id OFFSET 0) l)));
END
$fn$;
--> statement-breakpoint
-- refresh_deal_events, refresh_deal_stage_stays and refresh_deal_stage_reach rewrite every row of the deals they are
-- given (a delete, then an insert): the day triggers would take each row away and add it back. Renamed to *_rows and
-- wrapped: the wrapper reads the deals' inputs before and after, with the triggers off, and applies only the
-- difference (a re-synced deal that did not change touches no day). Many deals at once (a stage remapped on a big
-- pipeline), or all of them, rebuild the org's days instead. A later migration that replaces one of these refresh
-- functions replaces its *_rows function.
CREATE FUNCTION refresh_deal_rows_with_days(p_source text, p_org uuid, p_deals bigint[]) RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
  v_before text := current_setting('salespulse.deal_days', true);
  v_rows text := format('SELECT refresh_%s_rows($1, $2)', p_source);
  v_old deal_day_input[];
  v_whole boolean := p_deals IS NULL OR cardinality(p_deals) > 50000;
BEGIN
  IF v_before = 'off' THEN
    EXECUTE v_rows USING p_org, p_deals;
    RETURN;
  END IF;
  IF NOT v_whole THEN
    -- First the deals' locks (as refresh_deal_events takes them): a transaction refreshing the same deals meanwhile
    -- would otherwise apply its change from the same rows as this one, counting it twice.
    PERFORM lock_deals_for_rollups(p_org, p_deals);
    v_old := deal_day_inputs_of(p_source, p_org, p_deals);
  END IF;
  PERFORM set_config('salespulse.deal_days', 'off', true);
  EXECUTE v_rows USING p_org, p_deals;
  PERFORM set_config('salespulse.deal_days', coalesce(v_before, ''), true);
  IF v_whole THEN
    PERFORM refresh_deal_days(p_org);
  ELSE
    PERFORM apply_deal_days(v_old, deal_day_inputs_of(p_source, p_org, p_deals));
  END IF;
END
$fn$;
--> statement-breakpoint
-- A channel's provider or a loss reason's winnable flag re-marked on the events (migration 0013), with the deals'
-- locks taken first: a refresh of one of those deals meanwhile reads its rows after taking them.
CREATE OR REPLACE FUNCTION deal_events_on_channels_updated() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM lock_deals_for_rollups(x.org_id, x.ids) FROM (
    SELECT e.org_id, array_agg(DISTINCT e.deal_id) AS ids
    FROM new_rows n JOIN old_rows o ON o.org_id = n.org_id AND o.id = n.id
    JOIN deal_events e ON e.org_id = n.org_id AND e.channel_id = n.id
    WHERE n.provided_by_company IS DISTINCT FROM o.provided_by_company GROUP BY e.org_id) x;
  UPDATE deal_events e SET provided = n.provided_by_company
  FROM new_rows n JOIN old_rows o ON o.org_id = n.org_id AND o.id = n.id
  WHERE n.provided_by_company IS DISTINCT FROM o.provided_by_company AND e.org_id = n.org_id AND e.channel_id = n.id;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION deal_events_on_loss_reasons_updated() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM lock_deals_for_rollups(x.org_id, x.ids) FROM (
    SELECT e.org_id, array_agg(DISTINCT e.deal_id) AS ids
    FROM new_rows n JOIN old_rows o ON o.org_id = n.org_id AND o.id = n.id
    JOIN deal_events e ON e.org_id = n.org_id AND e.kind = 'lost' AND e.loss_reason_id = n.id
    WHERE n.winnable IS DISTINCT FROM o.winnable GROUP BY e.org_id) x;
  UPDATE deal_events e SET winnable = n.winnable
  FROM new_rows n JOIN old_rows o ON o.org_id = n.org_id AND o.id = n.id
  WHERE n.winnable IS DISTINCT FROM o.winnable AND e.org_id = n.org_id AND e.kind = 'lost' AND e.loss_reason_id = n.id;
  RETURN NULL;
END
$fn$;--> statement-breakpoint
ALTER FUNCTION refresh_deal_events(uuid, bigint[]) RENAME TO refresh_deal_events_rows;
--> statement-breakpoint
ALTER FUNCTION refresh_deal_stage_stays(uuid, bigint[]) RENAME TO refresh_deal_stage_stays_rows;
--> statement-breakpoint
ALTER FUNCTION refresh_deal_stage_reach(uuid, bigint[]) RENAME TO refresh_deal_stage_reach_rows;
--> statement-breakpoint
CREATE FUNCTION refresh_deal_events(p_org uuid, p_deals bigint[]) RETURNS void LANGUAGE sql AS $fn$
  select refresh_deal_rows_with_days('deal_events', p_org, p_deals)
$fn$;
--> statement-breakpoint
CREATE FUNCTION refresh_deal_stage_stays(p_org uuid, p_deals bigint[]) RETURNS void LANGUAGE sql AS $fn$
  select refresh_deal_rows_with_days('deal_stage_stays', p_org, p_deals)
$fn$;
--> statement-breakpoint
CREATE FUNCTION refresh_deal_stage_reach(p_org uuid, p_deals bigint[]) RETURNS void LANGUAGE sql AS $fn$
  select refresh_deal_rows_with_days('deal_stage_reach', p_org, p_deals)
$fn$;--> statement-breakpoint
-- The local day moves with the org's time zone, a cohort's counts with its conversion window.
CREATE FUNCTION deal_days_on_org_settings() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM refresh_deal_days(NEW.id);
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE TRIGGER deal_days_on_org_settings AFTER UPDATE OF time_zone, conversion_window_days ON organizations
  FOR EACH ROW WHEN (OLD.time_zone IS DISTINCT FROM NEW.time_zone OR OLD.conversion_window_days IS DISTINCT FROM NEW.conversion_window_days)
  EXECUTE FUNCTION deal_days_on_org_settings();
--> statement-breakpoint
-- An org's KPI rollups rebuilt from scratch (rebuildRollups), deal_days last from the others: its triggers would carry
-- every row over twice.
CREATE FUNCTION rebuild_deal_rollups(p_org uuid) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM set_config('salespulse.deal_days', 'off', true);
  PERFORM refresh_deal_facts(p_org, null);
  PERFORM refresh_deal_stage_stays(p_org, null);
  PERFORM refresh_deal_stage_reach(p_org, null);
  -- After deal_facts: the events read it.
  PERFORM refresh_deal_events(p_org, null);
  PERFORM refresh_deal_open_spans(p_org, null);
  PERFORM set_config('salespulse.deal_days', 'on', true);
  PERFORM refresh_deal_days(p_org);
END
$fn$;
--> statement-breakpoint
SELECT refresh_deal_days(o.id) FROM organizations o;

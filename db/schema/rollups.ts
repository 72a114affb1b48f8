import { sql } from "drizzle-orm";
import { boolean, customType, date, doublePrecision, foreignKey, index, integer, interval, numeric, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { orgIdColumn, refColumn } from "./columns";
import { dealStatus, deals, funnelStep } from "./sales";

const ts = (name: string) => timestamp(name, { withTimezone: true });

/** The last stage's funnel step leaves the deal open (not won, fulfilled or lost; an unmapped stage is open). */
const lastStepOpen = sql`last_step is null or last_step not in ('won', 'fulfilled', 'lost')`;

/**
 * Per-deal summary of its stage history, one row per deal, kept current by database triggers on deals,
 * deal_stage_events and stages (migration 0004): the KPI engine reads it instead of aggregating raw events.
 * `<step>_at`: the first entry into a stage mapped to that step or a later one on the ladder (skipped steps count as
 * passed); `lost_entered_at`: the last entry into a lost stage; `last_*`: the last stage entered (by at, then id).
 * All null for a deal without history. See docs/kpi-performance.md.
 */
export const dealFacts = pgTable(
  "deal_facts",
  {
    orgId: orgIdColumn(),
    dealId: refColumn("deal_id").notNull(),
    qualifiedAt: ts("qualified_at"),
    meetingScheduledAt: ts("meeting_scheduled_at"),
    meetingHeldAt: ts("meeting_held_at"),
    proposalAt: ts("proposal_at"),
    negotiationAt: ts("negotiation_at"),
    wonAt: ts("won_at"),
    fulfilledAt: ts("fulfilled_at"),
    lostEnteredAt: ts("lost_entered_at"),
    lastStageId: refColumn("last_stage_id"),
    lastStageAt: ts("last_stage_at"),
    lastStep: funnelStep("last_step"),
    /** The deal's creation time, beside `last_stage_at`: the snapshot look-back skips deals created after its moment. */
    dealCreatedAt: ts("deal_created_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.dealId] }),
    foreignKey({ name: "deal_facts_deal_fk", columns: [t.orgId, t.dealId], foreignColumns: [deals.orgId, deals.id] }).onDelete("cascade"),
    index("deal_facts_qualified_idx").on(t.orgId, t.qualifiedAt),
    index("deal_facts_meeting_scheduled_idx").on(t.orgId, t.meetingScheduledAt),
    index("deal_facts_meeting_held_idx").on(t.orgId, t.meetingHeldAt),
    index("deal_facts_proposal_idx").on(t.orgId, t.proposalAt),
    index("deal_facts_negotiation_idx").on(t.orgId, t.negotiationAt),
    index("deal_facts_fulfilled_idx").on(t.orgId, t.fulfilledAt),
    index("deal_facts_lost_idx").on(t.orgId, t.lostEnteredAt),
    // With qualified_at, the snapshot's look-back (openDealsAt: deals whose history goes on at or after a moment) is an
    // index-only range: read through the heap the planner scanned every deal_facts row instead (228 ms a snapshot at
    // a million deals, 24 ms so).
    index("deal_facts_last_stage_idx").on(t.orgId, t.lastStageAt, t.dealCreatedAt, t.dealId, t.qualifiedAt),
    index("deal_facts_open_idx").on(t.orgId, t.lastStageAt).where(lastStepOpen),
    index("deal_facts_no_history_idx").on(t.orgId, t.dealId).where(sql`last_stage_at is null`),
  ],
);

/**
 * One row per stage stay: each stage event of a deal is a stay in its stage from `entered_at` until the deal's next
 * stage event (by at, then id; `left_at` null while it lasts). `prior` adds up the deal's earlier stays in the same
 * stage, so "all its stays in that stage up to this one" is one row (kpi-catalog stage_duration); `next_left_at` is when
 * the deal's next stay in the same stage ended (null: no next stay, or it lasts), so "its last stay there that ended
 * in a period" is a row test, not a sort over the period's stays. Beside them the deal's pipeline, channel and owner,
 * and the rep credited with a stay that ended (the owner when it ended), so the stage statements filter without
 * reading each stay's deal. Kept current by the stage-event triggers beside deal_facts (migration 0005), and by the
 * deals' and owner history's (migration 0023); `refresh_deal_stage_stays(org, deal ids)` rebuilds.
 */
export const dealStageStays = pgTable(
  "deal_stage_stays",
  {
    orgId: orgIdColumn(),
    eventId: refColumn("event_id").notNull(),
    dealId: refColumn("deal_id").notNull(),
    stageId: refColumn("stage_id").notNull(),
    enteredAt: ts("entered_at").notNull(),
    leftAt: ts("left_at"),
    prior: interval("prior").notNull(),
    nextLeftAt: ts("next_left_at"),
    pipelineId: refColumn("pipeline_id"),
    channelId: refColumn("channel_id"),
    ownerRepId: refColumn("owner_rep_id"),
    /** The deal's owner at `left_at` (deal_owner_at), null while the stay lasts. */
    creditedRepId: refColumn("credited_rep_id"),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.eventId] }),
    foreignKey({ name: "deal_stage_stays_deal_fk", columns: [t.orgId, t.dealId], foreignColumns: [deals.orgId, deals.id] }).onDelete("cascade"),
    index("deal_stage_stays_deal_idx").on(t.orgId, t.dealId),
    // All the columns stage_duration reads (index-only scans): stage_duration reads a month's ~300,000 stays of a million-deal org from them.
    index("deal_stage_stays_left_idx").on(
      t.orgId, t.leftAt, t.dealId, t.stageId, t.enteredAt, t.prior, t.nextLeftAt, t.pipelineId, t.channelId, t.ownerRepId, t.creditedRepId,
    ),
    // The stays spanning a past moment (a snapshot's look-back: entered before it, left at or after it), one range per
    // UTC day of leaving since the moment: the left_at range alone reads every stay left since (the previous month's
    // start: 470,000 index entries for 59,000 at a million deals).
    index("deal_stage_stays_left_day_idx")
      .on(t.orgId, sql`((left_at at time zone 'UTC')::date)`, t.enteredAt, t.dealId, t.stageId, t.leftAt)
      .where(sql`left_at is not null`),
    // The stays that ended before a later stay of the deal in the same stage ended: whether stage_duration counts one
    // depends on the period's end, so deal_days leaves them out and they are read from here (2.4% of the stays).
    index("deal_stage_stays_reentered_idx")
      .on(t.orgId, t.leftAt, t.dealId, t.stageId, t.enteredAt, t.prior, t.nextLeftAt, t.pipelineId, t.channelId, t.creditedRepId)
      .where(sql`next_left_at is not null`),
    // The stays under way (each deal's last) by stage: stage_duration reads those in open stages, a range per stage.
    index("deal_stage_stays_open_idx")
      .on(t.orgId, t.stageId, t.dealId, t.enteredAt, t.prior, t.pipelineId, t.channelId, t.ownerRepId)
      .where(sql`left_at is null`),
  ],
);

/**
 * One row per deal event (kpi-catalog **Reached**, and created, won, lost, fulfilled): the moment a deal was created,
 * first reached qualified, meeting_scheduled, meeting_held or proposal (skipped steps count as passed; a won deal
 * reached them by its won_at at the latest), was won or fulfilled (outcome won only), or was lost (outcome lost: the
 * last entry into a lost stage, else the CRM's lost time). Beside the moment, the deal's columns the event-based
 * metrics read, so a period's events are one index range per org and kind instead of a look-up of every candidate
 * deal and its deal_facts. `created` rows also carry the deal's reach moments (`<step>_at`, as dealStepReach gives
 * them) and its first responses (from activities, kept by triggers on activities: migration 0016), so a period's
 * cohort of new deals is one range too. Kept current by triggers on deals and deal_facts (migration 0011):
 * `refresh_deal_events(org, deal ids)` rebuilds. Amounts are in the deal's currency (converted when read, at the
 * rate of the won day in the org's time zone) and set on `won` rows only; the loss reason on `lost` rows only.
 */
export const dealEvents = pgTable(
  "deal_events",
  {
    orgId: orgIdColumn(),
    dealId: refColumn("deal_id").notNull(),
    kind: text("kind").notNull(),
    at: ts("at").notNull(),
    dealCreatedAt: ts("deal_created_at").notNull(),
    pipelineId: refColumn("pipeline_id").notNull(),
    channelId: refColumn("channel_id"),
    ownerRepId: refColumn("owner_rep_id"),
    /**
     * The rep credited with the event (kpi-catalog **Who is credited**): the deal's owner at `at` by its owner history
     * (deal_owner_at, migration 0022), kept by a trigger on deal_owner_events, so no statement looks it up per row.
     */
    creditedRepId: refColumn("credited_rep_id"),
    customerId: refColumn("customer_id"),
    /** The deal reached qualified (now, not necessarily by `at`). */
    qualified: boolean("qualified").notNull(),
    lossReasonId: refColumn("loss_reason_id"),
    amount: numeric("amount", { precision: 18, scale: 2, mode: "number" }),
    currency: text("currency"),
    /** The deal's margin, else its amount less its cost. */
    margin: numeric("margin", { precision: 18, scale: 2, mode: "number" }),
    qualifiedAt: ts("qualified_at"),
    meetingScheduledAt: ts("meeting_scheduled_at"),
    meetingHeldAt: ts("meeting_held_at"),
    proposalAt: ts("proposal_at"),
    wonAt: ts("won_at"),
    fulfilledAt: ts("fulfilled_at"),
    /** The deal's channel is company-provided (null without a channel); kept by a trigger on channels (migration 0013). */
    provided: boolean("provided"),
    /** A `lost` row's loss reason is winnable (false elsewhere); kept by a trigger on loss_reasons (migration 0013). */
    winnable: boolean("winnable").notNull().default(false),
    /** `created` rows: the first completed outbound call, e-mail or message on the deal since its creation (response_time). */
    firstResponseAt: ts("first_response_at"),
    /** `created` rows: the first outbound activity of any type on the deal since its creation, done or else created (leads_followed_up). */
    followedUpAt: ts("followed_up_at"),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.dealId, t.kind] }),
    // No foreign key to deals: its check of every refreshed row cost a sync more than the refresh itself (914 against
    // 4,544 records/s at 5,000 deals, and falling as deals grew); a trigger on deals removes a deleted deal's rows
    // (migration 0014). The same holds for deal_open_spans.
    // Every column, so a period's events are an index-only range scan: read from the heap, a period's rows lie on
    // as many pages as deals (each deal's events are written together).
    index("deal_events_at_idx").on(
      t.orgId, t.kind, t.at, t.dealId, t.dealCreatedAt, t.pipelineId, t.channelId, t.ownerRepId, t.creditedRepId, t.customerId,
      t.qualified, t.lossReasonId, t.amount, t.currency, t.margin,
      t.qualifiedAt, t.meetingScheduledAt, t.meetingHeldAt, t.proposalAt, t.wonAt, t.fulfilledAt, t.provided, t.winnable,
      t.firstResponseAt, t.followedUpAt,
    ),
    // A customer's wins in order (is a win its first? its lifetime revenue), index-only (kpi-catalog **Customers**).
    index("deal_events_customer_won_idx").on(t.orgId, t.customerId, t.at, t.dealId, t.amount, t.currency).where(sql`kind = 'won'`),
  ],
);

/** (amount, margin) of one won deal in its currency: the composite type deal_money (migration 0026). */
const dealMoneyArray = customType<{ data: string }>({ dataType: () => "deal_money[]" });

/**
 * deal_events, finished stage stays and stage entries summed per local day in the org's time zone (the day of the
 * event, the day a stay ended, or the day the entering deal was created), kind ('stay' for stays, 'reach' for a deal's
 * first entry into a stage within the conversion window) and attribution (stage, credited rep, pipeline, channel, loss reason,
 * currency; 0 or '' for none), so a period's whole days are a few rows per day instead of every event. Counts and sums
 * add up; amounts stay in the deal's currency (`amount_sum` etc. for the org currency, `money` per deal for conversion
 * at the won day's rate when read); `seconds_sum` and `days` are the seconds and days from the deal's creation to the
 * event (a stay: its days in the stage, earlier stays there included), `days` kept for the medians (won, lost and
 * stays). Created rows carry their cohort's counts: steps reached within the org's conversion window, first responses
 * (with the minutes to each, for the median) and follow-ups. A stay counts once it ended and while no later stay of the
 * deal in the same stage has ended (those are read row by row: whether they count depends on the period's end). Kept
 * current by statement triggers on deal_events, deal_stage_stays and deal_stage_reach (migration 0026), rebuilt when the org's time zone
 * or conversion window changes; `refresh_deal_days(org)` rebuilds. The engine reads a period's partial days
 * (velocity's window ends at now) from the rows themselves. See docs/kpi-performance.md.
 */
export const dealDays = pgTable(
  "deal_days",
  {
    orgId: orgIdColumn(),
    kind: text("kind").notNull(),
    day: date("day").notNull(),
    stageId: refColumn("stage_id").notNull(),
    creditedRepId: refColumn("credited_rep_id").notNull(),
    pipelineId: refColumn("pipeline_id").notNull(),
    channelId: refColumn("channel_id").notNull(),
    lossReasonId: refColumn("loss_reason_id").notNull(),
    currency: text("currency").notNull(),
    n: integer("n").notNull(),
    /** Events with an amount (not 0), and the sums over them in the deal's currency. */
    amountN: integer("amount_n").notNull(),
    amountSum: numeric("amount_sum").notNull(),
    marginSum: numeric("margin_sum").notNull(),
    marginBase: numeric("margin_base").notNull(),
    withoutMargin: integer("without_margin").notNull(),
    withoutAmount: integer("without_amount").notNull(),
    money: dealMoneyArray("money").notNull(),
    withCustomer: integer("with_customer").notNull(),
    qualifiedN: integer("qualified_n").notNull(),
    winnableN: integer("winnable_n").notNull(),
    providedQualifiedN: integer("provided_qualified_n").notNull(),
    selfQualifiedN: integer("self_qualified_n").notNull(),
    /** Seconds from the deal's creation to the event (a stay: in the stage), summed (exact under increments). */
    secondsSum: numeric("seconds_sum").notNull(),
    days: doublePrecision("days").array().notNull(),
    /** Created rows (cohorts): deals that reached each step within the org's conversion window after creation. */
    reachedQualifiedN: integer("reached_qualified_n").notNull(),
    reachedMeetingScheduledN: integer("reached_meeting_scheduled_n").notNull(),
    reachedMeetingHeldN: integer("reached_meeting_held_n").notNull(),
    reachedProposalN: integer("reached_proposal_n").notNull(),
    reachedWonN: integer("reached_won_n").notNull(),
    reachedFulfilledN: integer("reached_fulfilled_n").notNull(),
    /** Created rows: deals with a first response, the seconds to it summed, and the minutes to each (its median). */
    answeredN: integer("answered_n").notNull(),
    responseSecondsSum: numeric("response_seconds_sum").notNull(),
    responses: doublePrecision("responses").array().notNull(),
    /** Created rows: deals with an outbound activity by now, and of them those that reached meeting_scheduled in the window. */
    followedUpN: integer("followed_up_n").notNull(),
    followedUpMeetingN: integer("followed_up_meeting_n").notNull(),
    /** 'reach' rows (conv_stage_to_stage): of the deals that entered the stage within the window, those that advanced. */
    advancedN: integer("advanced_n").notNull(),
  },
  (t) => [
    primaryKey({
      name: "deal_days_pk",
      columns: [t.orgId, t.kind, t.day, t.stageId, t.creditedRepId, t.pipelineId, t.channelId, t.lossReasonId, t.currency],
    }),
    // Groups emptied by a change are deleted after it (apply_deal_days): found through this.
    index("deal_days_empty_idx").on(t.orgId).where(sql`n = 0`),
  ],
);

/**
 * One row per deal with the columns snapshots read (kpi-catalog **Snapshots**), and the open span the deal is in now,
 * if any: a deal whose last stage is open has been open since it entered that stage (`since` = its last stage's moment,
 * `stage_id` that stage, `has_history`); a deal without stage history is open from its creation until it was won or
 * lost (`until`; null while its outcome is open; no span for a deal won or lost without a close time). So the deals
 * open at a moment after their last stage change are one index range (`since` before it, `until` after it). The deals
 * whose history goes on past the moment are another (`last_stage_at` not before it), with what the snapshot rule
 * needs when they had entered no stage by then (status, close times, current stage): only their stage then is looked
 * up. Kept current with deal_events by the same triggers (migrations 0012, 0028); `refresh_deal_open_spans(org, deal
 * ids)` rebuilds.
 */
export const dealOpenSpans = pgTable(
  "deal_open_spans",
  {
    orgId: orgIdColumn(),
    dealId: refColumn("deal_id").notNull(),
    /** Null for a deal not open now. */
    since: ts("since"),
    until: ts("until"),
    /** The deal has stage history (deal_facts.last_stage_at). */
    hasHistory: boolean("has_history").notNull(),
    /** The stage entered at `since` (with history), else the deal's current stage; null when not open now. */
    stageId: refColumn("stage_id"),
    /** deal_facts.qualified_at. */
    qualifiedAt: ts("qualified_at"),
    dealCreatedAt: ts("deal_created_at").notNull(),
    pipelineId: refColumn("pipeline_id").notNull(),
    channelId: refColumn("channel_id"),
    ownerRepId: refColumn("owner_rep_id"),
    amount: numeric("amount", { precision: 18, scale: 2, mode: "number" }),
    currency: text("currency"),
    expectedCloseDate: date("expected_close_date"),
    /** deal_facts.last_stage_at: the moment of the deal's last stage change. */
    lastStageAt: ts("last_stage_at"),
    status: dealStatus("status").notNull(),
    wonAt: ts("won_at"),
    lostAt: ts("lost_at"),
    /** The deal's current stage (deals.stage_id). */
    dealStageId: refColumn("deal_stage_id"),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.dealId] }),
    // Every column (index-only range scans), as deal_events_at_idx.
    index("deal_open_spans_since_idx")
      .on(
        t.orgId, t.since, t.until, t.dealId, t.hasHistory, t.stageId, t.qualifiedAt, t.dealCreatedAt, t.pipelineId, t.channelId,
        t.ownerRepId, t.amount, t.currency, t.expectedCloseDate,
      )
      .where(sql`since is not null`),
    // The snapshot's look-back (openDealsAt: deals whose history goes on at or after a moment), index-only.
    index("deal_open_spans_last_stage_idx")
      .on(
        t.orgId, t.lastStageAt, t.dealCreatedAt, t.dealId, t.status, t.wonAt, t.lostAt, t.dealStageId, t.qualifiedAt, t.pipelineId,
        t.channelId, t.ownerRepId, t.amount, t.currency, t.expectedCloseDate,
      )
      .where(sql`last_stage_at is not null`),
  ],
);

/**
 * One row per deal and stage it entered (kpi-catalog conv_stage_to_stage): its first entry (`entered_at`) and the
 * first later entry into a higher stage of the same pipeline that is not a lost stage (`advanced_at`, null if none),
 * by stage order (at, then id). A cohort's conversions are then a range of these rows by the deal's creation, each
 * compared with the conversion window when read. Kept current by the stage-event and stage triggers beside deal_facts
 * and by a change of the deal's creation time (migration 0017); `refresh_deal_stage_reach(org, deal ids)` rebuilds.
 */
export const dealStageReach = pgTable(
  "deal_stage_reach",
  {
    orgId: orgIdColumn(),
    dealId: refColumn("deal_id").notNull(),
    stageId: refColumn("stage_id").notNull(),
    dealCreatedAt: ts("deal_created_at").notNull(),
    enteredAt: ts("entered_at").notNull(),
    advancedAt: ts("advanced_at"),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.dealId, t.stageId] }),
    // No foreign key to deals (as deal_events): a deleted deal's rows go by the trigger on deals.
    index("deal_stage_reach_created_idx").on(t.orgId, t.dealCreatedAt, t.dealId, t.stageId, t.enteredAt, t.advancedAt),
  ],
);

/**
 * A customer's won deals in order (kpi-catalog **Customers**): one row per deal_events `won` row with a customer, with
 * the time of the customer's next win (`next_won_at`, by won time then deal; null for its last) and whether it is its
 * first. A customer is active at t when its last win before t is within the churn window, so the customers active at a
 * period start are one index range (won in the window before it, next win not before it), and none of their earlier
 * or later wins needs looking up to tell whether they are still active at the end. Kept by statement triggers on
 * deal_events, which rewrite the changed wins' customers (migration 0027); `refresh_customer_wins(org, customers)`
 * rebuilds (null: all of them).
 */
export const customerWins = pgTable(
  "customer_wins",
  {
    orgId: orgIdColumn(),
    dealId: refColumn("deal_id").notNull(),
    customerId: refColumn("customer_id").notNull(),
    wonAt: ts("won_at").notNull(),
    nextWonAt: ts("next_won_at"),
    firstWin: boolean("first_win").notNull(),
    /** deal_events' owner then (credited_rep_id) and current owner, pipeline, channel, amount and currency. */
    creditedRepId: refColumn("credited_rep_id"),
    ownerRepId: refColumn("owner_rep_id"),
    pipelineId: refColumn("pipeline_id").notNull(),
    channelId: refColumn("channel_id"),
    amount: numeric("amount", { precision: 18, scale: 2, mode: "number" }),
    currency: text("currency"),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.dealId] }),
    // Every column (index-only range scans by won time), as deal_events_at_idx.
    index("customer_wins_won_idx").on(
      t.orgId, t.wonAt, t.nextWonAt, t.customerId, t.dealId, t.firstWin, t.creditedRepId, t.ownerRepId, t.pipelineId, t.channelId,
      t.amount, t.currency,
    ),
    index("customer_wins_customer_idx").on(t.orgId, t.customerId, t.wonAt),
  ],
);

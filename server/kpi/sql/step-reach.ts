import { sql, type SQL } from "drizzle-orm";
import { funnelSteps, type FunnelStep } from "@/db/schema";
import type { OrgRef } from "./org-set";

type LadderStep = Exclude<FunnelStep, "lost">;

/** The funnel ladder in order, lowest first; `lost` is off it. */
const ladder = funnelSteps.filter((step): step is LadderStep => step !== "lost");

/** Steps above `lead` whose reach moment dealStepReach gives, as column `<step>_at`. */
const stepsAboveLead = ladder.slice(1);

export const reachedAtColumn = (step: LadderStep) => sql.identifier(`${step}_at`);

/** Stage steps at or above `step`: entering any of them means the deal reached `step` (skipped stages count as passed). */
export const stepsFrom = (step: LadderStep) =>
  sql.join(
    ladder.slice(ladder.indexOf(step)).map((s) => sql`${s}::funnel_step`),
    sql`, `,
  );

/**
 * For each deal of the org matching `dealCondition` (on alias `d`): deal_id, created_at and, per ladder step above
 * lead, the moment it first reached that step (kpi-catalog **Reached**), or null.
 * Stage history decides; a deal whose outcome is won has reached every step up to `won` by its won_at at the
 * latest (its close time is all there is when a CRM gives no history). `won` and `fulfilled` count only for deals
 * whose outcome is won: a deal won and later lost or reopened counts nowhere as won.
 * `lost_at` is the moment of a lost outcome: the last entry into a lost stage, else the CRM's lost time.
 * `extraColumns` are more select expressions over `d` (the deal), `h` (its history: the deal_facts rollup, whose
 * `<step>_at` is the first entry into a stage at or above the step) and `extraJoins`.
 * `org`: one org's id, or a reference to the orgs of a set (the deals of each org of the `org_settings` CTE, whose
 * row `os` is then in scope for the columns and the condition).
 */
export function dealStepReach(org: string | OrgRef, dealCondition: SQL, extraColumns: SQL[] = [], extraJoins: SQL = sql``): SQL {
  const orgs = typeof org === "string" ? sql`` : sql`org_settings os cross join`;
  const orgId = typeof org === "string" ? sql`${org}` : org.id;
  const wonAt = sql`case when d.status = 'won' then d.won_at end`;
  const reached = stepsAboveLead.map((step) => {
    const fromHistory = sql`h.${reachedAtColumn(step)}`;
    if (step === "won") return sql`${wonAt} as ${reachedAtColumn(step)}`;
    if (step === "fulfilled") return sql`case when d.status = 'won' then ${fromHistory} end as ${reachedAtColumn(step)}`;
    return sql`least(${fromHistory}, ${wonAt}) as ${reachedAtColumn(step)}`;
  });
  return sql`
    select d.id as deal_id, d.created_at, ${sql.join(reached, sql`, `)},
      case when d.status = 'lost' then coalesce(h.lost_entered_at, d.lost_at) end as lost_at
      ${sql.join(extraColumns.map((column) => sql`, ${column}`))}
    from ${orgs} deals d
    left join deal_facts h on h.org_id = d.org_id and h.deal_id = d.id
    ${extraJoins}
    where d.org_id = ${orgId} and (${dealCondition})`;
}

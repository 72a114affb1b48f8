import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { ZonedRange } from "@/lib/periods";
import { ratioOrNull } from "@/server/kpi/ratios";
import { instantParam } from "@/server/kpi/sql/params";
import { dealStepReach, reachedAtColumn } from "@/server/kpi/sql/step-reach";

/** Steps the head of sales reads the funnel by (negotiation is on the ladder but not shown). */
export const funnelDisplaySteps = ["lead", "qualified", "meeting_scheduled", "meeting_held", "proposal", "won", "fulfilled"] as const;
type DisplayStep = (typeof funnelDisplaySteps)[number];

/** Days after creation within which a deal's steps count for its cohort (kpi-catalog default; no org setting yet). */
const CONVERSION_WINDOW_DAYS = 90;

export type FunnelStepRow = { step: DisplayStep; deals: number; fromPrevious: number | null; fromLead: number | null };
export type Funnel = {
  steps: FunnelStepRow[];
  /** Days after creation within which steps count (the conversion window). */
  windowDays: number;
  /** The window of the cohort's last deals has not closed yet, so the numbers may still grow. */
  maturing: boolean;
};

/** Of the deals created in `range`, how many reached each step within the conversion window, with conversions. */
export async function loadFunnel(db: Db, orgId: string, range: ZonedRange, now: Date): Promise<Funnel> {
  const window = sql.raw(`interval '${CONVERSION_WINDOW_DAYS} days'`);
  const counts = funnelDisplaySteps.map((step) =>
    step === "lead"
      ? sql`count(*)::int as ${sql.identifier(step)}`
      : sql`count(*) filter (where r.${reachedAtColumn(step)} < r.created_at + ${window})::int as ${sql.identifier(step)}`,
  );
  const [row] = await db.execute<Record<DisplayStep, number>>(sql`
    with reached as (${dealStepReach(orgId, sql`d.created_at >= ${instantParam(range.start)} and d.created_at < ${instantParam(range.end)}`)})
    select ${sql.join(counts, sql`, `)} from reached r`);
  const lead = row!.lead;
  const steps = funnelDisplaySteps.map((step, i) => {
    const deals = row![step];
    const previous = i === 0 ? null : row![funnelDisplaySteps[i - 1]!];
    return { step, deals, fromPrevious: i === 0 ? null : ratioOrNull(deals, previous), fromLead: i === 0 ? null : ratioOrNull(deals, lead) };
  });
  const windowCloses = range.end.getTime() + CONVERSION_WINDOW_DAYS * 86_400_000;
  return { steps, windowDays: CONVERSION_WINDOW_DAYS, maturing: windowCloses > now.getTime() };
}

import { funnelDisplaySteps, type Funnel } from "@/server/dashboard/funnel";
import { ratioOrNull } from "@/server/kpi/ratios";
import type { MetricResult } from "@/server/kpi/results";

type Step = (typeof funnelDisplaySteps)[number];

/** Cohort conversions and the funnel steps of their numerator and denominator (kpi-catalog **Conversions**). */
const stepsOf: Record<string, [Step, Step]> = {
  conv_lead_qualified: ["qualified", "lead"],
  conv_lead_opportunity: ["qualified", "lead"],
  conv_lead_meeting: ["meeting_scheduled", "lead"],
  conv_show_up: ["meeting_held", "meeting_scheduled"],
  conv_lead_won: ["won", "lead"],
  conv_meeting_won: ["won", "meeting_held"],
  conv_won_fulfilled: ["fulfilled", "won"],
  conv_sql_customer: ["won", "qualified"],
};

/** The funnel a widget's cohort conversions describe: each step's deals (from their inputs), with step and lead conversions. */
export function funnelFromConversions(results: MetricResult[], windowDays: number): Funnel {
  const counts = new Map<Step, number>();
  for (const result of results) {
    const steps = stepsOf[result.id];
    if (!steps || !result.inputs) continue;
    if (result.inputs.numerator !== null) counts.set(steps[0], result.inputs.numerator);
    if (result.inputs.denominator !== null) counts.set(steps[1], result.inputs.denominator);
  }
  const shown = funnelDisplaySteps.filter((step) => counts.has(step));
  const lead = counts.get("lead") ?? null;
  return {
    steps: shown.map((step, i) => {
      const deals = counts.get(step)!;
      const previous = i === 0 ? null : counts.get(shown[i - 1]!)!;
      return { step, deals, fromPrevious: i === 0 ? null : ratioOrNull(deals, previous), fromLead: i === 0 ? null : ratioOrNull(deals, lead) };
    }),
    windowDays,
    maturing: results.some((r) => r.flags.maturing),
  };
}

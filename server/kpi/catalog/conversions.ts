import { ratioOrNull } from "../ratios";
import { visitorLeadRate } from "./marketing";
import { closedRatio, cohortConversion, computed, ratio } from "./define";

/** Conversions: cohort-based over deals created in the period, and closed-deal ratios (kpi-catalog). */
export const conversionMetrics = [
  computed("conv_lead_qualified", { unit: "percent", needs: ["deals", "stage_history"] }, cohortConversion("qualified", "lead")),
  computed("conv_lead_meeting", { unit: "percent", needs: ["deals", "stage_history"] }, cohortConversion("meeting_scheduled", "lead")),
  computed("conv_show_up", { unit: "percent", needs: ["deals", "stage_history"] }, cohortConversion("meeting_held", "meeting_scheduled")),
  computed("conv_lead_won", { unit: "percent", needs: ["deals"] }, cohortConversion("won", "lead")),
  computed("conv_meeting_won", { unit: "percent", needs: ["deals", "stage_history"] }, cohortConversion("won", "meeting_held")),
  computed("conv_won_fulfilled", { unit: "percent", needs: ["deals", "stage_history"] }, cohortConversion("fulfilled", "won")),
  computed("conv_stage_to_stage", { unit: "percent", needs: ["deals", "stage_history"] }, { base: "stages", measure: "conversion" }),
  computed("conv_lead_opportunity", { unit: "percent", needs: ["deals", "stage_history"] }, cohortConversion("qualified", "lead")),
  computed("conv_sql_customer", { unit: "percent", needs: ["deals", "stage_history"] }, cohortConversion("won", "qualified")),
  computed(
    "win_rate",
    { unit: "percent", needs: ["deals", "stage_history"] },
    closedRatio((won, lost) => ({ numerator: won.qualifiedN, denominator: won.qualifiedN + lost.qualifiedN })),
  ),
  computed("lead_close_rate", { unit: "percent", needs: ["deals"] }, closedRatio((won, lost) => ({ numerator: won.n, denominator: won.n + lost.n }))),
  computed("win_loss_ratio", { unit: "ratio", needs: ["deals"] }, closedRatio((won, lost) => ({ numerator: won.n, denominator: lost.n }))),
  computed(
    "close_rate_provided",
    { unit: "percent", needs: ["deals", "stage_history"] },
    {
      base: "events",
      kinds: () => ["won", "lost"],
      compute: (stats) => {
        const won = stats("won");
        const lost = stats("lost");
        const selfSourced = ratioOrNull(won.selfQualifiedN, won.selfQualifiedN + lost.selfQualifiedN);
        return {
          ...ratio(won.providedQualifiedN, won.providedQualifiedN + lost.providedQualifiedN),
          ...(selfSourced === null ? {} : { split: { self_sourced: selfSourced } }),
        };
      },
    },
  ),
  computed(
    "winnable_lost_share",
    { unit: "percent", direction: "down_is_good", needs: ["deals", "loss_reasons"] },
    closedRatio((won, lost) => ({ numerator: lost.winnableN, denominator: won.n + lost.n })),
  ),
  computed("visitor_lead_rate", { unit: "percent", needs: ["deals", "sessions"] }, visitorLeadRate),
];

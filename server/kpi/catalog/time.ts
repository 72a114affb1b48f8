import type { EventKind, MetricSource } from "../types";
import { computed } from "./define";

/** Mean (the value) and median days from creation to the event, over the period's events of `kind`. */
const daysToEvent = (kind: EventKind): MetricSource => ({
  base: "events",
  kinds: () => [kind],
  medians: true,
  compute: (stats) => ({ value: stats(kind).daysMean, median: stats(kind).daysMedian }),
});

/** Time metrics, kpi-catalog **Time and velocity**; durations in fractional days. */
export const timeMetrics = [
  computed("time_to_win", { unit: "duration", direction: "down_is_good", needs: ["deals"] }, daysToEvent("won")),
  computed("time_to_loss", { unit: "duration", direction: "down_is_good", needs: ["deals"] }, daysToEvent("lost")),
];

import { ratioOrNull } from "../ratios";
import type { EventStats, MetricSource } from "../types";
import { computed } from "./define";

const excludedFromRevenue = (won: EventStats) => ({ noRate: won.noRate, withoutAmount: won.withoutAmount });

type EventsSource = Extract<MetricSource, { base: "events" }>;

/** Over the deals won in the period; `measures` says which costly measures `compute` reads (see EventsSource). */
const fromWon = (compute: (won: EventStats) => ReturnType<EventsSource["compute"]>, measures: Pick<EventsSource, "customers"> = {}): EventsSource => ({
  base: "events",
  kinds: () => ["won"],
  ...measures,
  compute: (stats) => compute(stats("won")),
});

/** Money metrics over deals won in the period, in the org currency (kpi-catalog **Money**). */
export const moneyMetrics = [
  computed("revenue_won", { unit: "money", needs: ["deals"] }, fromWon((won) => ({ value: won.amountSum, excluded: excludedFromRevenue(won) }))),
  computed(
    "avg_deal_size",
    { unit: "money", needs: ["deals"] },
    fromWon((won) => ({
      value: ratioOrNull(won.amountSum, won.amountN),
      numerator: won.amountSum,
      denominator: won.amountN,
      excluded: excludedFromRevenue(won),
    })),
  ),
  computed(
    "avg_margin",
    { unit: "percent", needs: ["deals", "margin"] },
    fromWon((won) => ({
      value: ratioOrNull(won.marginSum, won.marginBase),
      numerator: won.marginSum,
      denominator: won.marginBase,
      excluded: { ...excludedFromRevenue(won), withoutMargin: won.withoutMargin },
    })),
  ),
  computed("revenue_growth", { unit: "percent", needs: ["deals"] }, { base: "growth" }),
  computed(
    "purchases_per_customer",
    { unit: "ratio", needs: ["deals", "customers"] },
    fromWon(
      (won) => ({
        value: ratioOrNull(won.withCustomer, won.customers),
        numerator: won.withCustomer,
        denominator: won.customers,
        excluded: { withoutCustomer: won.n - won.withCustomer },
      }),
      { customers: true },
    ),
  ),
];

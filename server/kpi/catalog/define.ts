import { ratioOrNull } from "../ratios";
import type { CohortStep, DataNeed, EventKind, EventStats, MetricDefinition, MetricDirection, MetricSource, MetricUnit, MetricValue } from "../types";

type Shape = { unit: MetricUnit; durationIn?: "minutes"; direction?: MetricDirection; needs: DataNeed[] };

const keys = (id: string) => ({ labelKey: `metrics.${id}.label`, formulaKey: `metrics.${id}.formula` });

export function computed(id: string, shape: Shape, source: MetricSource): MetricDefinition {
  return { id, ...keys(id), ...shape, direction: shape.direction ?? "up_is_good", status: "computed", source };
}

/** A catalog metric the engine does not compute yet: it answers "planned", never a number. */
export function planned(id: string, shape: Shape): MetricDefinition {
  return { id, ...keys(id), unit: shape.unit, direction: shape.direction ?? "up_is_good", needs: shape.needs, status: "planned" };
}

export const ratio = (numerator: number, denominator: number): MetricValue => ({
  value: ratioOrNull(numerator, denominator),
  numerator,
  denominator,
});

/** The number of events of one kind. */
export const eventCount = (kind: EventKind): MetricSource => ({
  base: "events",
  kinds: () => [kind],
  compute: (stats) => ({ value: stats(kind).n }),
});

/** Of the period's cohort: reached `numerator` ÷ reached `denominator` within the conversion window. */
export const cohortConversion = (numerator: CohortStep, denominator: CohortStep): MetricSource => ({
  base: "cohort",
  compute: (cohort) => ratio(cohort[numerator], cohort[denominator]),
});

/** Closed deals in the period (won and lost outcomes), by a chosen measure of the events. */
export const closedRatio = (
  measure: (won: EventStats, lost: EventStats) => { numerator: number; denominator: number },
): MetricSource => ({
  base: "events",
  kinds: () => ["won", "lost"],
  compute: (stats) => {
    const { numerator, denominator } = measure(stats("won"), stats("lost"));
    return ratio(numerator, denominator);
  },
});

/** A ratio, or no value (null) when either side is missing or the denominator is 0 (kpi-catalog: never 0, never NaN). */
export function ratioOrNull(numerator: number | null, denominator: number | null): number | null {
  if (numerator === null || denominator === null || denominator === 0) return null;
  return numerator / denominator;
}

export type Change = { absolute: number | null; percent: number | null };

/** The change from the comparison period; the percent has no value when the previous value is 0 or absent. */
export function changeBetween(current: number | null, previous: number | null): Change {
  if (current === null || previous === null) return { absolute: null, percent: null };
  return { absolute: current - previous, percent: ratioOrNull(current - previous, previous) };
}

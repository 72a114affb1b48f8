import { and, eq, ne } from "drizzle-orm";
import type { Db } from "@/db/client";
import { organizations, type Organization } from "@/db/schema";
import { resolvePeriod, type PeriodInput } from "@/lib/periods";
import { forbidden } from "@/server/errors";
import { metricDefinition } from "@/server/kpi/catalog";
import { computesForSeveralOrgs } from "@/server/kpi/asked";
import { computeMetricsFor, computeMetricsForOrgs, type Periods } from "@/server/kpi/compute";
import { VIEW_REUSE } from "@/server/kpi/results-cache";
import type { OrgAccess } from "@/server/tenancy/access";
import { mapBounded } from "./map-bounded";
import { quartiles, type Quartiles } from "./quartiles";

const CONCURRENT_CLIENTS = 4;

/** One metric across the other clients; `quartiles` is null when none of them has a value. */
export type MetricBenchmark = { metric: string; unit: string; currency: string; quartiles: Quartiles | null };

/**
 * For a consultant looking at one client: each metric's median and quartiles across the agency's other clients,
 * for the same period (each resolved in that client's own time zone), from the engine's multi-org entry point where
 * it computes the metric. Money is compared only between clients in
 * the viewed client's currency. Only people who reach the client through its agency may ask; the client's own
 * members are refused, so one client never learns about the agency's others.
 */
export async function agencyBenchmark(
  db: Db,
  client: Organization,
  access: Pick<OrgAccess, "via">,
  metricIds: string[],
  input: PeriodInput,
  now: Date,
): Promise<MetricBenchmark[]> {
  if (access.via !== "agency" || !client.agencyOrgId) throw forbidden("agency.benchmark.agencyOnly");
  const others = await db
    .select()
    .from(organizations)
    .where(and(eq(organizations.agencyOrgId, client.agencyOrgId), ne(organizations.id, client.id)));
  // Metrics the engine computes for a set of orgs take one call for all the others; the rest one call per client.
  const periods = new Map(others.map((other): [string, Periods] => [other.id, { current: resolvePeriod(input, other.timeZone, now).current }]));
  const together = metricIds.filter(computesForSeveralOrgs);
  const apart = metricIds.filter((id) => !together.includes(id));
  const [shared, separate] = await Promise.all([
    together.length > 0 && others.length > 0 ? computeMetricsForOrgs(db, others, periods, { metrics: together }, now, VIEW_REUSE) : undefined,
    apart.length > 0 ? mapBounded(others, CONCURRENT_CLIENTS, (other) => computeMetricsFor(db, other, periods.get(other.id)!, { metrics: apart }, now, VIEW_REUSE)) : undefined,
  ]);
  const results = others.map((other, i) => ({
    currency: other.currency,
    metrics: [...(shared?.get(other.id)?.metrics ?? []), ...(separate?.[i]?.metrics ?? [])],
  }));
  return metricIds.map((metric) => {
    const unit = metricDefinition(metric)?.unit ?? "count";
    const values = results
      .filter((r) => unit !== "money" || r.currency === client.currency)
      .map((r) => r.metrics.find((m) => m.id === metric)?.value ?? null)
      .filter((v): v is number => v !== null);
    return { metric, unit, currency: client.currency, quartiles: quartiles(values) };
  });
}

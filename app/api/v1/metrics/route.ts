import { getDb } from "@/db/client";
import { computeMetrics } from "@/server/kpi/compute";
import { parseMetricsQuery } from "@/server/kpi/metrics-query";
import { requireApiKey } from "@/server/rest/api-key-auth";
import { restHandler } from "@/server/rest/respond";

export const dynamic = "force-dynamic";

/** GET /api/v1/metrics?metrics=…&period=… with `Authorization: Bearer <key>`: the same numbers as the dashboards. */
export const GET = restHandler<Record<string, never>>(async (request) => {
  const db = getDb();
  const { orgId } = await requireApiKey(db, request);
  const query = parseMetricsQuery(new URL(request.url).searchParams);
  return Response.json(await computeMetrics(db, orgId, query, new Date()));
});

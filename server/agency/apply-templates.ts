import { eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { agencyTemplates, dashboards, quotas, type Organization } from "@/db/schema";
import { addMonths, monthStart } from "@/lib/periods";
import { localDateAt } from "@/lib/zoned-time";
import { metricDefinition } from "@/server/kpi/catalog";
import { ZDashboardsPayload, ZPlansPayload, ZStageMappingPayload } from "./template-payloads";

/** Plans from the template cover the client's first year: this month and the eleven after it. */
const PLANNED_MONTHS = 12;

/**
 * Sets a new client up from its agency's templates, inside the transaction that creates it: the stage mapping is
 * kept as the client's own (stages arrive later, from a sync or an import, and take it by name: see
 * stage-template.ts), the role dashboards are copied, and the monthly plan becomes org-level targets for the
 * client's first year. Money targets are copied only when the client uses the template's currency.
 */
export async function applyAgencyTemplates(
  tx: Tx,
  agency: Pick<Organization, "id" | "name">,
  client: Pick<Organization, "id" | "currency" | "timeZone">,
  now: Date,
): Promise<void> {
  const rows = await tx.select().from(agencyTemplates).where(eq(agencyTemplates.orgId, agency.id));
  const payload = (kind: (typeof rows)[number]["kind"]) => rows.find((r) => r.kind === kind)?.payload;

  const stageMapping = ZStageMappingPayload.safeParse(payload("stage_mapping"));
  if (stageMapping.success) {
    await tx.insert(agencyTemplates).values({ orgId: client.id, kind: "stage_mapping", payload: stageMapping.data, savedFromOrgName: agency.name, updatedAt: now });
  }

  const roleDashboards = ZDashboardsPayload.safeParse(payload("dashboards"));
  if (roleDashboards.success && roleDashboards.data.dashboards.length) {
    await tx.insert(dashboards).values(roleDashboards.data.dashboards.map((d) => ({ orgId: client.id, role: d.role, widgets: d.widgets, updatedAt: now })));
  }

  const plans = ZPlansPayload.safeParse(payload("plans"));
  if (plans.success) {
    const { currency, targets } = plans.data;
    const applicable = targets.filter((t) => metricDefinition(t.metric) && (metricDefinition(t.metric)!.unit !== "money" || currency === client.currency));
    const first = monthStart(localDateAt(now, client.timeZone));
    const months = Array.from({ length: PLANNED_MONTHS }, (_, i) => addMonths(first, i));
    const values = applicable.flatMap((t) =>
      months.map((periodStart) => ({ orgId: client.id, metric: t.metric, scope: "org" as const, periodKind: "month" as const, periodStart, target: t.target })),
    );
    if (values.length) await tx.insert(quotas).values(values);
  }
}

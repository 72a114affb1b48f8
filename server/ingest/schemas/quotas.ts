import { z } from "zod";
import { quotaPeriodKind, quotaScope } from "@/db/schema";
import { ZDay, ZExternalId, ZMoney } from "./common";

const key = (name: string) => `apiKeys.record.${name}`;
const quarterMonths = new Set(["01", "04", "07", "10"]);

/** A target for one metric, for a rep, a team (both by external id) or the organization, for a month or a quarter. */
export const ZQuotaRecord = z
  .object({
    metric: z.string().trim().min(1).max(100),
    scope: z.enum(quotaScope.enumValues),
    repExternalId: ZExternalId.optional(),
    teamExternalId: ZExternalId.optional(),
    periodKind: z.enum(quotaPeriodKind.enumValues),
    periodStart: ZDay,
    target: ZMoney,
  })
  .superRefine((quota, ctx) => {
    const needs = (field: "repExternalId" | "teamExternalId", scope: string, message: string) => {
      if (quota.scope === scope && !quota[field]) ctx.addIssue({ code: "custom", path: [field], message: key(message) });
      if (quota.scope !== scope && quota[field]) ctx.addIssue({ code: "custom", path: [field], message: key("notForScope") });
    };
    needs("repExternalId", "rep", "repRequired");
    needs("teamExternalId", "team", "teamRequired");
    const [, month, day] = quota.periodStart.split("-");
    if (day !== "01" || (quota.periodKind === "quarter" && !quarterMonths.has(month!))) {
      ctx.addIssue({ code: "custom", path: ["periodStart"], message: key("periodStart") });
    }
  });
export type QuotaRecord = z.infer<typeof ZQuotaRecord>;

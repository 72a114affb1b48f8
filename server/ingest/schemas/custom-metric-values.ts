import { z } from "zod";
import { customMetricKeyPattern } from "@/server/custom-metrics/custom-metric-input";
import { ZDay, ZExternalId } from "./common";

/** A value of one of the org's custom metrics for the period starting on periodStart, for a rep or the whole org. */
export const ZCustomMetricValueRecord = z.object({
  metric: z.string().trim().regex(customMetricKeyPattern, "apiKeys.record.customMetricKey"),
  repExternalId: ZExternalId.optional(),
  periodStart: ZDay,
  value: z.number().min(-1e14).max(1e14),
});
export type CustomMetricValueRecord = z.infer<typeof ZCustomMetricValueRecord>;

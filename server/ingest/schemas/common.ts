import { z } from "zod";
import { funnelSteps } from "@/db/schema";

/** Message keys of record-level problems (messages/<locale>/apiKeys.json → record). */
const key = (name: string) => `apiKeys.record.${name}`;

const isoCurrencies = new Set(Intl.supportedValuesOf("currency"));

export const ZExternalId = z.string().trim().min(1).max(255);
export const ZName = z.string().trim().min(1).max(500);
export const ZDateTime = z.iso.datetime({ offset: true, error: key("dateTime") });
export const ZDay = z.iso.date({ error: key("date") });
export const ZMoney = z.number().min(0).max(1e15);
export const ZCount = z.number().int().min(0).max(2_000_000_000);
export const ZCurrency = z.string().refine((code) => isoCurrencies.has(code), key("currency"));
export const ZUrl = z.url({ protocol: /^https?$/, error: key("url") }).max(2000);

/** A dimension record named by its external id; created under the API source on first use, renamed when the name changes. */
export const ZRef = z.object({ externalId: ZExternalId, name: ZName });
export type Ref = z.infer<typeof ZRef>;

/** A stage may carry its funnel step; it only sets a stage that is not mapped yet (the pipeline page has the last word). */
export const ZStageRef = ZRef.extend({ step: z.enum(funnelSteps).optional() });
export type StageRef = z.infer<typeof ZStageRef>;

export const ZRepRef = ZRef.extend({ email: z.email({ error: key("invalid") }).max(320).optional() });
export type RepRef = z.infer<typeof ZRepRef>;

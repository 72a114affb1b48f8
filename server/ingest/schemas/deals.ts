import { z } from "zod";
import { ZCurrency, ZDateTime, ZDay, ZExternalId, ZMoney, ZRef, ZRepRef, ZStageRef, ZUrl } from "./common";

export const ZDealRecord = z.object({
  externalId: ZExternalId,
  title: z.string().trim().max(1000).optional(),
  pipeline: ZRef,
  stage: ZStageRef,
  owner: ZRepRef.optional(),
  channel: ZRef.optional(),
  customer: ZRef.optional(),
  amount: ZMoney.optional(),
  currency: ZCurrency.optional(),
  cost: ZMoney.optional(),
  createdAt: ZDateTime,
  expectedCloseDate: ZDay.optional(),
  lossReason: ZRef.optional(),
  /** The CRM's close time: used for the won/lost moment only while the deal has no stage history. */
  closedAt: ZDateTime.optional(),
  crmUrl: ZUrl.optional(),
});
export type DealRecord = z.infer<typeof ZDealRecord>;

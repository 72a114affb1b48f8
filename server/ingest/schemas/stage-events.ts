import { z } from "zod";
import { ZDateTime, ZExternalId, ZStageRef } from "./common";

/** One move of a deal between stages; the stages belong to the deal's pipeline. */
export const ZStageEventRecord = z.object({
  externalId: ZExternalId,
  dealExternalId: ZExternalId,
  fromStage: ZStageRef.optional(),
  toStage: ZStageRef,
  at: ZDateTime,
});
export type StageEventRecord = z.infer<typeof ZStageEventRecord>;

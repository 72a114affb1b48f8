import { z } from "zod";
import { activityDirection, activityType, replySentiment } from "@/db/schema";
import { ZCount, ZDateTime, ZExternalId, ZRepRef } from "./common";

export const ZActivityRecord = z.object({
  externalId: ZExternalId,
  type: z.enum(activityType.enumValues),
  direction: z.enum(activityDirection.enumValues).optional(),
  dealExternalId: ZExternalId.optional(),
  rep: ZRepRef.optional(),
  subject: z.string().trim().max(1000).optional(),
  createdAt: ZDateTime,
  scheduledAt: ZDateTime.optional(),
  completedAt: ZDateTime.optional(),
  durationSeconds: ZCount.optional(),
  talkSeconds: ZCount.optional(),
  listenSeconds: ZCount.optional(),
  emailDelivered: z.boolean().optional(),
  emailOpened: z.boolean().optional(),
  emailReplied: z.boolean().optional(),
  replySentiment: z.enum(replySentiment.enumValues).optional(),
  meetingHeld: z.boolean().optional(),
  qualityScore: z.number().int().min(0).max(100).optional(),
});
export type ActivityRecord = z.infer<typeof ZActivityRecord>;

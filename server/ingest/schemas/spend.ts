import { z } from "zod";
import { ZCount, ZDay, ZMoney, ZRef } from "./common";

/** Marketing spend (in the org's currency) and website sessions of one channel on one day. */
export const ZSpendRecord = z.object({
  channel: ZRef,
  day: ZDay,
  spend: ZMoney,
  /** Omitted: the stored number of sessions stays as it is. */
  sessions: ZCount.optional(),
});
export type SpendRecord = z.infer<typeof ZSpendRecord>;

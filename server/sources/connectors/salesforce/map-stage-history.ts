import type { StageEventRecord } from "@/server/ingest/schemas/stage-events";
import { stageNamed, type SfLookups } from "./lookups";
import { sfInstant, type SfOpportunityHistory } from "./salesforce-api";

/**
 * OpportunityHistory rows (sorted by opportunity, then time) as stage moves. A row is written for every change of
 * stage, amount, close date or probability, so a row in the stage of the row before it is no move. `before` holds
 * each opportunity's stage before these rows, when known (rows of an earlier page or pass); `after` each one's
 * stage after them.
 */
export function mapOpportunityHistory(rows: SfOpportunityHistory[], before: Map<string, string>, lookups: SfLookups) {
  const current = new Map(before);
  const events: StageEventRecord[] = [];
  for (const row of rows) {
    const previous = current.get(row.OpportunityId);
    if (!row.StageName || row.StageName === previous) continue;
    events.push({
      externalId: row.Id,
      dealExternalId: row.OpportunityId,
      ...(previous && { fromStage: stageNamed(previous, lookups) }),
      toStage: stageNamed(row.StageName, lookups),
      at: sfInstant(row.CreatedDate) ?? "",
    });
    current.set(row.OpportunityId, row.StageName);
  }
  return { events, after: current };
}

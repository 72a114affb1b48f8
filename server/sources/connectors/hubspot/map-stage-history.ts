import type { StageEventRecord } from "@/server/ingest/schemas/stage-events";
import { hsInstant, type HsObject } from "./hubspot-api";
import type { HsLookups } from "./lookups";
import { stagePlace } from "./map-deal";

/**
 * A deal's dealstage history (propertiesWithHistory, newest first) as stage moves, oldest first. The first version
 * is the stage the deal was created in (no from-stage); a version that repeats the stage before it is no move.
 */
export function mapStageHistory(deal: HsObject, lookups: HsLookups): StageEventRecord[] {
  const versions = [...(deal.propertiesWithHistory?.dealstage ?? [])].sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
  const pipelineId = deal.properties.pipeline ?? "";
  const events: StageEventRecord[] = [];
  let previous: string | undefined;
  for (const version of versions) {
    if (!version.value || version.value === previous) continue;
    const at = hsInstant(version.timestamp) ?? "";
    events.push({
      externalId: `${deal.id}:${Date.parse(at) || version.timestamp}:${version.value}`,
      dealExternalId: deal.id,
      ...(previous && { fromStage: stagePlace(previous, pipelineId, lookups).stage }),
      toStage: stagePlace(version.value, pipelineId, lookups).stage,
      at,
    });
    previous = version.value;
  }
  return events;
}

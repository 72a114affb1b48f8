import type { DealRecord } from "@/server/ingest/schemas/deals";
import type { Ref } from "@/server/ingest/schemas/common";
import { hsInstant, hsNumber, type HsObject } from "./hubspot-api";
import type { HsLookups, StagePlace } from "./lookups";

/** The deal properties the deals stream asks for (HubSpot returns only defaults unless each is named). */
export const dealProperties = [
  "dealname", "amount", "deal_currency_code", "pipeline", "dealstage", "hubspot_owner_id", "createdate", "closedate",
  "closed_lost_reason", "hs_analytics_source", "hs_lastmodifieddate",
];

/**
 * A HubSpot deal as a canonical deal record. Values HubSpot sent but we cannot read (an amount of "n/a", a broken
 * date) are passed on as they are, so validation reports the record with the field at fault and the run skips it.
 */
export function mapDeal(deal: HsObject, lookups: HsLookups): DealRecord {
  const p = deal.properties;
  const place = stagePlace(p.dealstage ?? "", p.pipeline ?? "", lookups);
  const closedAt = place.stage.step ? hsInstant(p.closedate) : undefined;
  const reason = p.closed_lost_reason?.trim();
  const record: DealRecord = {
    externalId: deal.id,
    title: p.dealname ?? undefined,
    pipeline: place.pipeline,
    stage: place.stage,
    owner: p.hubspot_owner_id ? (lookups.owners.get(p.hubspot_owner_id) ?? { externalId: p.hubspot_owner_id, name: `Owner ${p.hubspot_owner_id}` }) : undefined,
    channel: p.hs_analytics_source ? channel(p.hs_analytics_source) : undefined,
    amount: hsNumber(p.amount) as number | undefined,
    currency: p.deal_currency_code || lookups.account.companyCurrency || undefined,
    createdAt: hsInstant(p.createdate) ?? deal.createdAt ?? "",
    // HubSpot's close date is a moment; the expected close day is its UTC date.
    expectedCloseDate: hsInstant(p.closedate)?.slice(0, 10),
    lossReason: place.stage.step === "lost" && reason ? { externalId: reason.slice(0, 255), name: reason.slice(0, 500) } : undefined,
    closedAt,
    crmUrl: `https://${lookups.account.uiDomain ?? "app.hubspot.com"}/contacts/${lookups.account.portalId}/record/0-3/${deal.id}`,
  };
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as DealRecord;
}

/** A stage as the pipelines list names it; a stage deleted since keeps its id as name, in the deal's pipeline. */
export function stagePlace(stageId: string, pipelineId: string, lookups: HsLookups): StagePlace {
  const known = lookups.stages.get(stageId);
  if (known) return known;
  return { pipeline: lookups.pipelines.get(pipelineId) ?? { externalId: pipelineId, name: pipelineId }, stage: { externalId: stageId, name: stageId } };
}

/** hs_analytics_source values are enum names (ORGANIC_SEARCH): shown as "Organic search". */
function channel(source: string): Ref {
  const words = source.toLowerCase().replaceAll("_", " ");
  return { externalId: source, name: words.charAt(0).toUpperCase() + words.slice(1) };
}

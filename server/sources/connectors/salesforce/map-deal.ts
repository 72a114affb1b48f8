import type { DealRecord } from "@/server/ingest/schemas/deals";
import { OPPORTUNITY_PIPELINE, stageNamed, user, type SfLookups } from "./lookups";
import { sfInstant, type SfOpportunity } from "./salesforce-api";

/** The Opportunity fields the deals stream reads (CurrencyIsoCode only in multi-currency orgs). */
export function opportunityFields(multiCurrency: boolean): string {
  const fields = ["Id", "Name", "Amount", "StageName", "CloseDate", "CreatedDate", "OwnerId", "AccountId", "Account.Name", "LeadSource", "IsWon", "IsClosed", "SystemModstamp"];
  return (multiCurrency ? [...fields, "CurrencyIsoCode"] : fields).join(", ");
}

/**
 * An opportunity as a canonical deal record. Its own IsWon/IsClosed say the outcome; CloseDate is a day and stays
 * one. Values we cannot read are passed on as they are, so validation reports the record and the run skips it.
 */
export function mapOpportunity(opportunity: SfOpportunity, lookups: SfLookups): DealRecord {
  const o = opportunity;
  const stage = stageNamed(o.StageName ?? "", lookups);
  const step = o.IsWon ? "won" : o.IsClosed ? "lost" : undefined;
  const record: DealRecord = {
    externalId: o.Id,
    title: o.Name ?? undefined,
    pipeline: OPPORTUNITY_PIPELINE,
    stage: step ? { ...stage, step } : stage,
    owner: user(o.OwnerId, lookups),
    channel: o.LeadSource ? { externalId: o.LeadSource, name: o.LeadSource } : undefined,
    customer: o.AccountId ? { externalId: o.AccountId, name: o.Account?.Name || o.AccountId } : undefined,
    amount: o.Amount ?? undefined,
    currency: o.CurrencyIsoCode || lookups.organization.DefaultCurrencyIsoCode || undefined,
    createdAt: sfInstant(o.CreatedDate) ?? "",
    expectedCloseDate: o.CloseDate ?? undefined,
    // Only the close day is known; the stage history (OpportunityHistory) has the moment.
    closedAt: step && o.CloseDate ? `${o.CloseDate}T00:00:00.000Z` : undefined,
    crmUrl: `${lookups.instanceUrl}/lightning/r/Opportunity/${o.Id}/view`,
  };
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as DealRecord;
}
